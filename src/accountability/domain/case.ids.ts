import { v5 as uuidv5 } from 'uuid';

/** Namespace for ids the API derives for a case's parts when the client gives none. */
const CASE_ID_NAMESPACE = '3d0a8c4e-6b1f-5e27-9c3d-2a4f6e8b1c70';

/**
 * Ids come in with the command so `decide` stays pure. When the client gives none, the resolver
 * derives one from the commandId: a retried command derives the same id and appends nothing.
 */
export const derivedId = (kind: string, scope: string, commandId: string): string =>
  uuidv5(`${kind}/${scope}/${commandId}`, CASE_ID_NAMESPACE);
