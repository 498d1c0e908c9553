/** Injection tokens for what the platform module provides to every service. */
export const CONFIG = Symbol('CONFIG');
export const LOGGER = Symbol('LOGGER');
export const METRICS = Symbol('METRICS');
export const KAFKA = Symbol('KAFKA');
export const MONGO = Symbol('MONGO');
export const SERVICE_NAME = Symbol('SERVICE_NAME');
/** The subjects' keys (SubjectKeyStore), or null when PERSONAL_DATA_MASTER_KEY is unset. */
export const SUBJECT_KEYS = Symbol('SUBJECT_KEYS');
/** The PersonalDataCodec every publisher and consumer applies, or null when personal data is not sealed. */
export const PERSONAL_DATA = Symbol('PERSONAL_DATA');
