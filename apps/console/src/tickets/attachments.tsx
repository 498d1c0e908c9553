import { useState } from 'react';
import { download } from '../api/client';
import type { Attachment, TimelineEntry } from '../api/types';
import { useI18n } from '../i18n/i18n';

/** Files the platform keeps (a mail's attachments) are fetched as the agent; anything else is a provider's link. */
const isStored = (a: Attachment) => a.ref.startsWith('attachment:');
/** Only web links are shown as links: a `javascript:` reference from a provider must never become one. */
const isWebLink = (ref: string) => /^https?:\/\//i.test(ref);

export const isRecording = (a: Attachment) => a.contentType.startsWith('audio/') && isWebLink(a.ref);

function sizeLabel(bytes: number, language: string): string {
  if (bytes <= 0) return '';
  const kb = bytes / 1024;
  const value = kb < 1024 ? `${Math.max(1, Math.round(kb))} kB` : `${(kb / 1024).toFixed(1)} MB`;
  return ` (${language === 'pl' ? value.replace('.', ',') : value})`;
}

function StoredFile({ file }: { file: Attachment }) {
  const { t, language } = useI18n();
  const [failed, setFailed] = useState(false);
  const name = file.filename ?? t('entry.attachmentUnnamed');
  return (
    <>
      <button
        type="button"
        className="link"
        onClick={() => {
          setFailed(false);
          download(`/attachments/${encodeURIComponent(file.ref)}`, name).catch(() => setFailed(true));
        }}
      >
        {t('entry.download', { name })}
      </button>
      {sizeLabel(file.size, language)}
      {failed && (
        <span role="alert" className="error">
          {' '}
          {t('entry.downloadFailed')}
        </span>
      )}
    </>
  );
}

/** The entry's files (not the images inside a mail's HTML), each downloadable; a call's recording is shown with the call. */
export function Attachments({ entry }: { entry: TimelineEntry }) {
  const { t } = useI18n();
  const files = (entry.attachments ?? []).filter((a) => !a.inline && !isRecording(a));
  if (!files.length) return null;
  return (
    <div className="attachments">
      <span className="muted">{t('entry.attachments')}:</span>
      <ul>
        {files.map((file) => (
          <li key={file.ref}>
            {isStored(file) ? (
              <StoredFile file={file} />
            ) : isWebLink(file.ref) ? (
              <a href={file.ref} target="_blank" rel="noopener noreferrer">
                {file.filename ?? file.contentType}
              </a>
            ) : (
              (file.filename ?? file.contentType)
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
