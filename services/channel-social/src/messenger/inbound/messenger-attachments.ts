/**
 * What a Messenger attachment is, for an agent: a line of text and, when Meta
 * gives one, a reference (the media URL, a shared link, a map of a location).
 * Every kind Meta documents for the messages webhook is named; an unknown one
 * is still kept by its type, never dropped.
 */
export interface MessengerAttachment {
  type: string;
  /** The line the contact's text gets. */
  text: string;
  ref: string | null;
  contentType: string;
}

/** Meta's "like" thumbs-up (the small, medium and large one) are stickers with these ids. */
const LIKE_STICKERS = new Set(['369239263222822', '369239343222814', '369239383222810']);

const MEDIA: Record<string, { text: string; contentType: string }> = {
  image: { text: '[Zdjęcie]', contentType: 'image/*' },
  video: { text: '[Wideo]', contentType: 'video/*' },
  audio: { text: '[Nagranie audio]', contentType: 'audio/*' },
  file: { text: '[Plik]', contentType: 'application/octet-stream' },
};

type Fields = Record<string, unknown>;
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const obj = (v: unknown): Fields => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Fields) : {});

/** One attachments[] item as Meta sends it ({type, payload}, a fallback's title and url beside the payload). */
export function describeMessengerAttachment(raw: Fields, messageStickerId?: unknown): MessengerAttachment {
  const type = str(raw.type) ?? 'unknown';
  const payload = obj(raw.payload);
  const url = str(payload.url) ?? str(raw.url);
  const title = str(payload.title) ?? str(raw.title);
  const stickerId = payload.sticker_id ?? messageStickerId;
  if (stickerId !== undefined && stickerId !== null) {
    const like = LIKE_STICKERS.has(String(stickerId));
    return { type: 'sticker', text: like ? '👍 (polubienie)' : '[Naklejka]', ref: url, contentType: 'image/*' };
  }
  if (MEDIA[type]) return { type, ...MEDIA[type], ref: url };
  const labelled = (text: string) => ({ type, text, ref: url, contentType: `application/x-messenger-${safe(type)}` });
  switch (type) {
    case 'location':
      return location(payload, title, url);
    case 'fallback':
      return { ...labelled(`Udostępniony link: ${[title, url].filter(Boolean).join(' ')}`.trim()), contentType: 'text/uri-list' };
    case 'template':
      return template(payload);
    case 'reel':
    case 'ig_reel':
      return { ...labelled(`[Rolka]${title ? ` ${title}` : ''}`), contentType: 'video/*' };
    case 'story_mention':
      return labelled('[Oznaczenie w relacji]');
    case 'share':
      return labelled(`[Udostępniony post]${title ? ` ${title}` : ''}`);
    default:
      return labelled(`[Załącznik: ${safe(type)}]`);
  }
}

function location(payload: Fields, title: string | null, url: string | null): MessengerAttachment {
  const coordinates = obj(payload.coordinates);
  const [lat, long] = [num(coordinates.lat), num(coordinates.long)];
  if (lat === null || long === null) {
    return { type: 'location', text: `Lokalizacja${title ? `: ${title}` : ''}`, ref: url, contentType: 'text/uri-list' };
  }
  return {
    type: 'location',
    text: `Lokalizacja: ${lat}, ${long}`,
    ref: `https://www.google.com/maps?q=${lat},${long}`,
    contentType: 'text/uri-list',
  };
}

/** A shared post or product: Meta sends it as a generic or product template. */
function template(payload: Fields): MessengerAttachment {
  const product = obj(payload.product);
  const elements = [product.elements, payload.elements].find(Array.isArray) as unknown[] | undefined;
  const first = obj(elements?.[0]);
  const isProduct = payload.template_type === 'product' || Array.isArray(product.elements);
  const title = str(first.title);
  const label = isProduct ? 'Produkt' : 'Udostępniony post';
  const ref = str(obj(first.default_action).url) ?? str(first.url) ?? str(first.image_url);
  return {
    type: 'template',
    text: `[${label}]${title ? ` ${title}` : ''}`,
    ref,
    contentType: 'application/x-messenger-template',
  };
}

/** A type as Meta wrote it, kept to letters and underscores (it lands in a content type). */
const safe = (type: string) => type.replace(/[^a-z_]/gi, '').slice(0, 40) || 'unknown';
