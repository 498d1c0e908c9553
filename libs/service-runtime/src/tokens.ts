/** Injection tokens for what the platform module provides to every service. */
export const CONFIG = Symbol('CONFIG');
export const LOGGER = Symbol('LOGGER');
export const METRICS = Symbol('METRICS');
export const KAFKA = Symbol('KAFKA');
export const MONGO = Symbol('MONGO');
export const SERVICE_NAME = Symbol('SERVICE_NAME');
