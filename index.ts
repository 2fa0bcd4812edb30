export { CustomerIntegrationApi } from './credentials/CustomerIntegrationApi.credentials';
export { CustomerIntegrationOAuth2Api } from './credentials/CustomerIntegrationOAuth2Api.credentials';
export { CustomerIntegration } from './nodes/CustomerIntegration/CustomerIntegration.node';
