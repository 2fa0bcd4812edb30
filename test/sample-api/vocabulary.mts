/** Word lists for generated customers: Brazilian-looking, upper-case like ERP exports. */

export interface City {
	name: string;
	uf: string;
	ddd: string;
	cepPrefix: string;
}

export const CITIES: readonly City[] = [
	{ name: 'SÃO PAULO', uf: 'SP', ddd: '11', cepPrefix: '0' },
	{ name: 'CAMPINAS', uf: 'SP', ddd: '19', cepPrefix: '13' },
	{ name: 'RIO DE JANEIRO', uf: 'RJ', ddd: '21', cepPrefix: '2' },
	{ name: 'BELO HORIZONTE', uf: 'MG', ddd: '31', cepPrefix: '3' },
	{ name: 'VITÓRIA', uf: 'ES', ddd: '27', cepPrefix: '29' },
	{ name: 'SALVADOR', uf: 'BA', ddd: '71', cepPrefix: '4' },
	{ name: 'RECIFE', uf: 'PE', ddd: '81', cepPrefix: '5' },
	{ name: 'JOAO PESSOA', uf: 'PB', ddd: '83', cepPrefix: '58' },
	{ name: 'FORTALEZA', uf: 'CE', ddd: '85', cepPrefix: '60' },
	{ name: 'MANAUS', uf: 'AM', ddd: '92', cepPrefix: '69' },
	{ name: 'BELÉM', uf: 'PA', ddd: '91', cepPrefix: '66' },
	{ name: 'BRASÍLIA', uf: 'DF', ddd: '61', cepPrefix: '70' },
	{ name: 'GOIÂNIA', uf: 'GO', ddd: '62', cepPrefix: '74' },
	{ name: 'CURITIBA', uf: 'PR', ddd: '41', cepPrefix: '8' },
	{ name: 'FLORIANÓPOLIS', uf: 'SC', ddd: '48', cepPrefix: '88' },
	{ name: 'PORTO ALEGRE', uf: 'RS', ddd: '51', cepPrefix: '9' },
];

export const FIRST_NAMES = [
	'ANA',
	'BRUNO',
	'CARLA',
	'DANIEL',
	'EDUARDA',
	'FERNANDO',
	'GABRIELA',
	'HENRIQUE',
	'ISABELA',
	'JOÃO',
	'JULIANA',
	'LUCAS',
	'MARIANA',
	'NATÁLIA',
	'OTÁVIO',
	'PATRÍCIA',
	'RAFAEL',
	'SÔNIA',
	'TIAGO',
	'VITÓRIA',
];
export const LAST_NAMES = [
	'ALMEIDA',
	'BARBOSA',
	'CARVALHO',
	'COSTA',
	'FERREIRA',
	'GOMES',
	'LIMA',
	'MARTINS',
	'OLIVEIRA',
	'PEREIRA',
	'RIBEIRO',
	'RODRIGUES',
	'SANTOS',
	'SILVA',
	'SOUZA',
	'CONCEIÇÃO',
	'ARAÚJO',
	'MELO',
	'ROCHA',
	'DIAS',
];
export const COMPANY_WORDS = [
	'CLÍNICA',
	'LABORATÓRIO',
	'CENTRO MÉDICO',
	'POLICLÍNICA',
	'INSTITUTO',
	'HOSPITAL',
];
export const COMPANY_SUFFIXES = ['LTDA', 'S.A.', 'EIRELI', 'ME', 'LTDA EPP'];
export const SPECIALTIES = [
	'DERMATOLOGISTA',
	'CARDIOLOGIA',
	'PEDIATRIA',
	'ORTOPEDIA',
	'GINECOLOGIA/OBSTETRÍCIA',
	'CLÍNICA GERAL',
	'PSIQUIATRIA',
	'OFTALMOLOGIA',
];
export const MARITAL_STATUSES = [
	'SOLTEIRO(A)',
	'CASADO(A)',
	'DIVORCIADO(A)',
	'VIÚVO(A)',
	'S',
	'C',
	'UNIÃO ESTÁVEL',
];
export const GENDERS = ['M', 'F', 'MASCULINO', 'FEMININO', 'OUTRO'];
export const STREETS = ['RUA', 'AVENIDA', 'TRAVESSA', 'ALAMEDA', 'PRAÇA'];
export const STREET_NAMES = [
	'DAS FLORES',
	'BRASIL',
	'SETE DE SETEMBRO',
	'DOM PEDRO II',
	'DA CONSOLAÇÃO',
	'XV DE NOVEMBRO',
];
export const DISTRICTS = [
	'CENTRO',
	'JARDIM AMÉRICA',
	'VILA NOVA',
	'BOA VISTA',
	'SANTA CECÍLIA',
	'TAMBAÚ',
];
export const EMAIL_DOMAINS = ['example.com', 'example.com.br', 'example.org', 'mail.example.net'];
