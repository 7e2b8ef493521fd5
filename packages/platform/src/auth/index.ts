export {
  identityHeaders,
  type SignatureCheck,
  type SignedRequest,
  signatureHeader,
  signGatewayRequest,
  timestampHeader,
  verifyGatewaySignature,
} from './gateway-signature';
export {
  bearerToken,
  cognitoEndpoints,
  createJwtVerifier,
  type JwtVerifier,
  type JwtVerifierOptions,
  type VerifiedToken,
} from './jwt';
export {
  type GatewayGuardOptions,
  isValidServiceToken,
  type RequestContext,
  type RoleKey,
  registerGatewayGuard,
  registerServiceTokenGuard,
  requireUser,
} from './request-context';
export { accountForWrite, isManager, requireRole, roleIn, scopedAccountIds } from './tenancy';
