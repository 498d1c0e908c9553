import { useState } from 'react';
import { addVoiceNumber, changeVoiceNumber, listVoiceNumbers, removeVoiceNumber, type VoiceNumber } from '../api/admin-client';
import { FormError, TextField } from '../forms/form-field';
import { RowsField } from '../forms/rows-field';
import { useSubmit } from '../forms/use-submit';
import { useI18n } from '../i18n/i18n';
import { AdminForm, AdminRecords } from './admin-records';
import { callSetupOf, ivrFormOf, keysSummary, type KeyRow } from './ivr-menu';

const LIST_KEY = ['admin', '/voice/numbers'];
const MAIN = 'calls.menus.main';
const FIELDS = ['number', 'calls.greeting', `${MAIN}.prompt`, `${MAIN}.options`];

/**
 * A Twilio number and how it answers: the greeting, the main menu's prompt and
 * which key puts the caller in which queue. A number set in VOICE_NUMBERS is
 * saved over with POST (the stored setup wins); one added here is changed with PATCH.
 */
function NumberForm({ line, done }: { line: VoiceNumber | null; done: () => void }) {
  const { t } = useI18n();
  const initial = ivrFormOf(line?.calls ?? null);
  const [number, setNumber] = useState(line?.number ?? '');
  const [greeting, setGreeting] = useState(initial.greeting);
  const [prompt, setPrompt] = useState(initial.prompt);
  const [keys, setKeys] = useState<KeyRow[]>(initial.keys);
  const keyFields = keys.flatMap((_, i) => [`${MAIN}.options.${i}.digit`, `${MAIN}.options.${i}.action`]);
  const { errors, busy, submit } = useSubmit([...FIELDS, ...keyFields], LIST_KEY);

  const save = async () => {
    const calls = callSetupOf({ greeting, prompt, keys }, line?.calls ?? null);
    const saved = await submit(() =>
      line?.source === 'api' ? changeVoiceNumber(line.number, calls) : addVoiceNumber({ number: number.trim(), calls }),
    );
    if (saved) done();
  };

  const title = line ? t('numbers.editTitle', { name: line.number }) : t('numbers.newTitle');
  return (
    <AdminForm title={title} onSubmit={save} error={errors['']} busy={busy} cancel={done}>
      {line === null && (
        <TextField
          label={t('numbers.number')}
          error={errors.number}
          value={number}
          onChange={setNumber}
          placeholder="+48221234567"
        />
      )}
      <TextField label={t('numbers.greeting')} error={errors['calls.greeting']} value={greeting} onChange={setGreeting} />
      <TextField label={t('numbers.prompt')} error={errors[`${MAIN}.prompt`]} value={prompt} onChange={setPrompt} />
      <RowsField<KeyRow>
        legend={t('numbers.keys')}
        rows={keys}
        onChange={setKeys}
        columns={[
          { key: 'digit', label: t('numbers.key') },
          { key: 'queue', label: t('numbers.queue') },
        ]}
        blank={{ digit: '', queue: '' }}
        addLabel={t('numbers.addKey')}
        errorOf={(i, key) => errors[`${MAIN}.options.${i}.${key === 'digit' ? 'digit' : 'action'}`]}
      />
      <FormError message={errors[`${MAIN}.options`]} />
    </AdminForm>
  );
}

/** Admins: the workspace's phone numbers and their IVR; added, changed, and removed when added here. */
export function NumbersAdmin() {
  const { t, tv } = useI18n();
  return (
    <AdminRecords<VoiceNumber>
      listKey={LIST_KEY}
      load={listVoiceNumbers}
      columns={[
        { label: 'admin.col.number', value: (n) => n.number },
        { label: 'admin.col.source', value: (n) => tv('source', n.source) },
        { label: 'numbers.keys', value: (n) => (n.calls === null ? t('numbers.defaultSetup') : keysSummary(n.calls) || '—') },
      ]}
      rowKey={(n) => n.number}
      rowName={(n) => n.number}
      remove={{ request: (n) => removeVoiceNumber(n.number), allowed: (n) => n.source === 'api' }}
      addLabel="numbers.add"
      form={(line, done) => <NumberForm line={line} done={done} />}
    />
  );
}
