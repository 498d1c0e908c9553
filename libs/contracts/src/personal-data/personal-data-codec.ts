import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { EventEnvelope } from '../envelope';
import type { TypedEnvelope } from '../validation';
import { personalFieldsOf } from './personal-fields';

/** A subject's data key: 32 bytes for AES-256-GCM, known on the bus only by its id. */
export interface SubjectKey {
  id: string;
  key: Buffer;
}

/** Where subjects' keys live (the store); destroying a subject's key is what erases its data everywhere. */
export interface SubjectKeyRing {
  /** The subject's key, created on first use (concurrent creators agree on one). */
  keyFor(workspaceId: string, subject: string): Promise<SubjectKey>;
  /** A key by its id, or null once it was destroyed. */
  keyById(workspaceId: string, id: string): Promise<Buffer | null>;
}

/** What a sealed payload carries beside its erased-looking fields: the key's id and the sealed originals. */
interface SealedPart {
  keyId: string;
  box: string;
}

/**
 * Crypto-shredding of events: the personal fields of an event (see
 * PERSONAL_FIELDS) travel sealed with their subject's key, the fields
 * themselves hold the erased markers. Opening restores them while the key
 * exists; after erasure the markers are what every consumer and replay reads.
 * Applied by the publisher after validation and by the consumer before it.
 */
export class PersonalDataCodec {
  constructor(private readonly keys: SubjectKeyRing) {}

  async seal(envelope: TypedEnvelope): Promise<EventEnvelope> {
    const spec = personalFieldsOf(envelope.type);
    if (!spec) return envelope;
    const payload = envelope.payload as Record<string, unknown>;
    const { id, key } = await this.keys.keyFor(envelope.workspaceId, spec.subject(envelope.payload as never));
    const originals = Object.fromEntries(spec.fields.map((f) => [f, payload[f]]));
    const sealed: SealedPart = { keyId: id, box: encrypt(key, JSON.stringify(originals), aad(envelope)) };
    return {
      ...envelope,
      key: spec.pseudonymiseKey ? id : envelope.key,
      payload: { ...spec.erase(envelope.payload as never), sealed },
    };
  }

  /** The event as it was published, or with erased markers when its key is gone; unsealed events pass through. */
  async open(candidate: unknown): Promise<unknown> {
    if (!isSealedEnvelope(candidate)) return candidate;
    const { sealed, ...payload } = candidate.payload;
    const key = await this.keys.keyById(candidate.workspaceId, sealed.keyId);
    const originals = key ? decrypt(key, sealed.box, aad(candidate)) : null;
    return { ...candidate, payload: originals ? { ...payload, ...JSON.parse(originals) } : payload };
  }
}

function isSealedEnvelope(
  candidate: unknown,
): candidate is EventEnvelope<Record<string, unknown> & { sealed: SealedPart }> & { workspaceId: string } {
  const c = candidate as { workspaceId?: unknown; payload?: { sealed?: SealedPart } } | null;
  return (
    typeof c?.workspaceId === 'string' && typeof c.payload?.sealed?.keyId === 'string' && typeof c.payload.sealed.box === 'string'
  );
}

/** The sealed fields belong to this event: moved into another, they fail to open. */
function aad(envelope: { id: string; workspaceId: string }): Buffer {
  return Buffer.from(`${envelope.workspaceId}\u0000${envelope.id}`);
}

function encrypt(key: Buffer, plain: string, additional: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(additional);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url')).join('.');
}

/** The plain text, or null when the key is not the one that sealed it (a subject's new key after erasure). */
function decrypt(key: Buffer, box: string, additional: Buffer): string | null {
  const [iv, tag, body] = box.split('.').map((part) => Buffer.from(part ?? '', 'base64url'));
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(additional);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
