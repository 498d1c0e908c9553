/**
 * The text of a message's blocks, for a message Slack sends with an empty
 * `text` (composed in the rich-text editor, or posted by an integration with
 * blocks only). Rich text is read element by element; section, header and
 * context blocks by their text objects.
 */
type Fields = Record<string, unknown>;
const list = (v: unknown): Fields[] => (Array.isArray(v) ? v.filter((x): x is Fields => !!x && typeof x === 'object') : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

export function textOfBlocks(blocks: unknown): string {
  return list(blocks)
    .map(textOfBlock)
    .filter((t) => t !== '')
    .join('\n');
}

function textOfBlock(block: Fields): string {
  switch (block.type) {
    case 'rich_text':
      return list(block.elements).map(textOfRichContainer).join('\n');
    case 'section':
    case 'header':
      return [str((block.text as Fields | undefined)?.text), ...list(block.fields).map((f) => str(f.text))]
        .filter(Boolean)
        .join('\n');
    case 'context':
      return list(block.elements)
        .map((e) => str(e.text))
        .filter(Boolean)
        .join(' ');
    default:
      return '';
  }
}

function textOfRichContainer(container: Fields): string {
  switch (container.type) {
    case 'rich_text_list':
      return list(container.elements)
        .map((item) => `• ${textOfRichContainer(item)}`)
        .join('\n');
    case 'rich_text_quote':
      return textOfInline(container.elements)
        .split('\n')
        .map((line) => `> ${line}`)
        .join('\n');
    default:
      // rich_text_section, rich_text_preformatted
      return textOfInline(container.elements);
  }
}

function textOfInline(elements: unknown): string {
  return list(elements)
    .map((e) => {
      switch (e.type) {
        case 'text':
          return str(e.text);
        case 'link':
          return str(e.text) || str(e.url);
        case 'emoji':
          return emoji(e);
        case 'user':
          return `<@${str(e.user_id)}>`;
        case 'channel':
          return `<#${str(e.channel_id)}>`;
        case 'usergroup':
          return `<!subteam^${str(e.usergroup_id)}>`;
        case 'broadcast':
          return `@${str(e.range)}`;
        default:
          return str(e.text) || str(e.fallback);
      }
    })
    .join('');
}

/** An emoji as its character when Slack gives the code points ("1f44d"), else :name:. */
function emoji(e: Fields): string {
  const points = str(e.unicode)
    .split('-')
    .map((p) => Number.parseInt(p, 16));
  if (points.length > 0 && points.every((p) => Number.isInteger(p) && p > 0 && p <= 0x10ffff)) {
    return String.fromCodePoint(...points);
  }
  return `:${str(e.name)}:`;
}
