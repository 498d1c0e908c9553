import { useState } from 'react';
import { changeMailbox, createMailbox, listMailboxes, removeMailbox, type Mailbox, type MailboxInput } from '../api/admin-client';
import { CheckField, FormError, SecretField, TextField } from '../forms/form-field';
import { RowsField } from '../forms/rows-field';
import { useSubmit } from '../forms/use-submit';
import { useI18n } from '../i18n/i18n';
import { AdminForm, AdminRecords, shortList } from './admin-records';
import { numberOrText, splitList } from './admin-values';

const LIST_KEY = ['admin', '/mailboxes'];
const FIELDS = ['name', 'host', 'port', 'secure', 'user', 'password', 'folder', 'addresses', 'routes'];
const SMTP_FIELDS = ['smtp', 'smtp.host', 'smtp.port', 'smtp.secure', 'smtp.user', 'smtp.password'];
type Route = { address: string; queue: string };

/**
 * A mailbox: where its mail is read (IMAP), the addresses it serves and the queue
 * each feeds, and where its answers go out (SMTP, optional). Passwords are only
 * sent: a change with an empty password keeps the stored one.
 */
function MailboxForm({ mailbox, done }: { mailbox: Mailbox | null; done: () => void }) {
  const { t } = useI18n();
  const [name, setName] = useState(mailbox?.name ?? '');
  const [host, setHost] = useState(mailbox?.host ?? '');
  const [port, setPort] = useState(String(mailbox?.port ?? 993));
  const [secure, setSecure] = useState(mailbox?.secure ?? true);
  const [user, setUser] = useState(mailbox?.user ?? '');
  const [password, setPassword] = useState('');
  const [folder, setFolder] = useState(mailbox?.folder ?? 'INBOX');
  const [addresses, setAddresses] = useState(mailbox?.addresses.join(', ') ?? '');
  const [routes, setRoutes] = useState<Route[]>(mailbox?.routes ?? []);
  const [sends, setSends] = useState(Boolean(mailbox?.smtp));
  const [smtpHost, setSmtpHost] = useState(mailbox?.smtp?.host ?? '');
  const [smtpPort, setSmtpPort] = useState(String(mailbox?.smtp?.port ?? 587));
  const [smtpSecure, setSmtpSecure] = useState(mailbox?.smtp?.secure ?? false);
  const [smtpUser, setSmtpUser] = useState(mailbox?.smtp?.user ?? '');
  const [smtpPassword, setSmtpPassword] = useState('');
  const routeFields = routes.flatMap((_, i) => [`routes.${i}.address`, `routes.${i}.queue`]);
  const { errors, busy, submit } = useSubmit([...FIELDS, ...routeFields, ...SMTP_FIELDS], LIST_KEY);

  const save = async () => {
    const body: MailboxInput = {
      name,
      host,
      port: numberOrText(port),
      secure,
      user,
      ...(password ? { password } : {}),
      folder,
      addresses: splitList(addresses),
      routes,
      smtp: sends
        ? {
            host: smtpHost,
            port: numberOrText(smtpPort),
            secure: smtpSecure,
            ...(smtpUser ? { user: smtpUser } : {}),
            ...(smtpPassword ? { password: smtpPassword } : {}),
          }
        : null,
    };
    const saved = await submit(() => (mailbox ? changeMailbox(mailbox.id, body) : createMailbox(body)));
    if (saved) done();
  };

  const title = mailbox ? t('mailboxes.editTitle', { name: mailbox.name }) : t('mailboxes.newTitle');
  return (
    <AdminForm title={title} onSubmit={save} error={errors['']} busy={busy} cancel={done}>
      <TextField label={t('admin.col.name')} error={errors.name} value={name} onChange={setName} />
      <fieldset>
        <legend>{t('mailboxes.imap')}</legend>
        <TextField label={t('mailboxes.host')} error={errors.host} value={host} onChange={setHost} />
        <TextField label={t('mailboxes.port')} error={errors.port} value={port} onChange={setPort} />
        <CheckField label={t('mailboxes.secure')} checked={secure} onChange={setSecure} />
        <TextField label={t('mailboxes.user')} error={errors.user} value={user} onChange={setUser} />
        <SecretField
          label={t('mailboxes.password')}
          isSet={mailbox?.passwordSet ?? false}
          error={errors.password}
          value={password}
          onChange={setPassword}
        />
        <TextField label={t('mailboxes.folder')} error={errors.folder} value={folder} onChange={setFolder} />
      </fieldset>
      <TextField label={t('mailboxes.addresses')} error={errors.addresses} value={addresses} onChange={setAddresses} />
      <RowsField<Route>
        legend={t('mailboxes.routes')}
        rows={routes}
        onChange={setRoutes}
        columns={[
          { key: 'address', label: t('mailboxes.routeAddress') },
          { key: 'queue', label: t('mailboxes.routeQueue') },
        ]}
        blank={{ address: '', queue: '' }}
        addLabel={t('mailboxes.addRoute')}
        errorOf={(i, key) => errors[`routes.${i}.${key}`]}
      />
      <FormError message={errors.routes} />
      <fieldset>
        <legend>{t('mailboxes.smtp')}</legend>
        <CheckField label={t('mailboxes.sends')} checked={sends} onChange={setSends} />
        {sends && (
          <>
            <TextField label={t('mailboxes.smtpHost')} error={errors['smtp.host']} value={smtpHost} onChange={setSmtpHost} />
            <TextField label={t('mailboxes.smtpPort')} error={errors['smtp.port']} value={smtpPort} onChange={setSmtpPort} />
            <CheckField label={t('mailboxes.smtpSecure')} checked={smtpSecure} onChange={setSmtpSecure} />
            <TextField label={t('mailboxes.smtpUser')} error={errors['smtp.user']} value={smtpUser} onChange={setSmtpUser} />
            <SecretField
              label={t('mailboxes.smtpPassword')}
              isSet={mailbox?.smtp?.passwordSet ?? false}
              error={errors['smtp.password']}
              value={smtpPassword}
              onChange={setSmtpPassword}
            />
          </>
        )}
        <FormError message={errors.smtp} />
      </fieldset>
    </AdminForm>
  );
}

/** Admins: the workspace's mailboxes, each with how its sync stands; added, changed and removed. */
export function MailboxesAdmin() {
  const { t } = useI18n();
  const syncOf = ({ sync }: Mailbox) =>
    sync === null
      ? t('mailboxes.syncPending')
      : sync.state === 'syncing'
        ? t('mailboxes.syncOk')
        : t('mailboxes.syncFailing', { problem: sync.problem ?? '' });
  return (
    <AdminRecords<Mailbox>
      listKey={LIST_KEY}
      load={listMailboxes}
      columns={[
        { label: 'admin.col.name', value: (m) => m.name },
        { label: 'admin.col.user', value: (m) => m.user },
        { label: 'admin.col.host', value: (m) => `${m.host}:${m.port}` },
        { label: 'admin.col.addresses', value: (m) => shortList(m.addresses) },
        { label: 'mailboxes.password', value: (m) => t(m.passwordSet ? 'form.set' : 'form.notSet') },
        { label: 'mailboxes.smtp', value: (m) => (m.smtp ? `${m.smtp.host}:${m.smtp.port}` : '—') },
        { label: 'admin.col.sync', value: syncOf },
      ]}
      rowKey={(m) => m.id}
      rowName={(m) => m.name}
      remove={{ request: (m) => removeMailbox(m.id) }}
      addLabel="mailboxes.add"
      form={(mailbox, done) => <MailboxForm mailbox={mailbox} done={done} />}
    />
  );
}
