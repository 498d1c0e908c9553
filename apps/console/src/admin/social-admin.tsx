import { useState } from 'react';
import {
  addMessengerPage,
  addSlackTeam,
  changeMessengerPage,
  changeSlackTeam,
  listMessengerPages,
  listSlackTeams,
  removeMessengerPage,
  removeSlackTeam,
  type MessengerPage,
  type SlackTeam,
} from '../api/admin-client';
import { SecretField, TextField } from '../forms/form-field';
import { useSubmit } from '../forms/use-submit';
import { useI18n } from '../i18n/i18n';
import { AdminForm, AdminRecords, shortList } from './admin-records';
import { splitList } from './admin-values';

const PAGES_KEY = ['admin', '/messenger/pages'];
const TEAMS_KEY = ['admin', '/slack/teams'];

/**
 * A connection set in the platform's configuration (MESSENGER_PAGES, SLACK_WORKSPACES)
 * is saved over whole (POST, every secret again); one added here is changed with
 * PATCH, a secret left empty kept.
 */
const isStoredHere = (connection: { source: 'config' | 'api' } | null) => connection?.source === 'api';
const given = <T extends Record<string, string>>(secrets: T): Partial<T> =>
  Object.fromEntries(Object.entries(secrets).filter(([, value]) => value !== '')) as Partial<T>;

function PageForm({ page, done }: { page: MessengerPage | null; done: () => void }) {
  const { t } = useI18n();
  const [pageId, setPageId] = useState(page?.pageId ?? '');
  const [pageAccessToken, setToken] = useState('');
  const [appSecret, setSecret] = useState('');
  const { errors, busy, submit } = useSubmit(['pageId', 'pageAccessToken', 'appSecret'], PAGES_KEY);
  const kept = isStoredHere(page);
  const save = async () => {
    const saved = await submit(() =>
      page && kept
        ? changeMessengerPage(page.pageId, given({ pageAccessToken, appSecret }))
        : addMessengerPage({ pageId: pageId.trim(), pageAccessToken, appSecret }),
    );
    if (saved) done();
  };
  const title = page ? t('pages.editTitle', { name: page.pageId }) : t('pages.newTitle');
  return (
    <AdminForm title={title} onSubmit={save} error={errors['']} busy={busy} cancel={done}>
      {page === null && <TextField label={t('pages.pageId')} error={errors.pageId} value={pageId} onChange={setPageId} />}
      <SecretField
        label={t('pages.token')}
        isSet={kept && (page?.pageAccessTokenSet ?? false)}
        error={errors.pageAccessToken}
        value={pageAccessToken}
        onChange={setToken}
      />
      <SecretField
        label={t('pages.appSecret')}
        isSet={kept && (page?.appSecretSet ?? false)}
        error={errors.appSecret}
        value={appSecret}
        onChange={setSecret}
      />
    </AdminForm>
  );
}

/** Admins: the workspace's Facebook Pages (their messages become tickets). */
export function MessengerPagesAdmin() {
  const { t, tv } = useI18n();
  const set = (value: boolean) => t(value ? 'form.set' : 'form.notSet');
  return (
    <AdminRecords<MessengerPage>
      listKey={PAGES_KEY}
      load={listMessengerPages}
      columns={[
        { label: 'admin.col.page', value: (p) => p.pageId },
        { label: 'admin.col.source', value: (p) => tv('source', p.source) },
        { label: 'pages.token', value: (p) => set(p.pageAccessTokenSet) },
        { label: 'pages.appSecret', value: (p) => set(p.appSecretSet) },
      ]}
      rowKey={(p) => p.pageId}
      rowName={(p) => p.pageId}
      remove={{ request: (p) => removeMessengerPage(p.pageId), allowed: isStoredHere }}
      addLabel="pages.add"
      form={(page, done) => <PageForm page={page} done={done} />}
    />
  );
}

function TeamForm({ team, done }: { team: SlackTeam | null; done: () => void }) {
  const { t } = useI18n();
  const [teamId, setTeamId] = useState(team?.teamId ?? '');
  const [channels, setChannels] = useState(team?.supportChannels.join(', ') ?? '');
  const [botToken, setBotToken] = useState('');
  const [signingSecret, setSigningSecret] = useState('');
  const { errors, busy, submit } = useSubmit(['teamId', 'supportChannels', 'botToken', 'signingSecret'], TEAMS_KEY);
  const kept = isStoredHere(team);
  const save = async () => {
    const supportChannels = splitList(channels);
    const saved = await submit(() =>
      team && kept
        ? changeSlackTeam(team.teamId, { supportChannels, ...given({ botToken, signingSecret }) })
        : addSlackTeam({ teamId: teamId.trim(), supportChannels, botToken, signingSecret }),
    );
    if (saved) done();
  };
  const title = team ? t('teams.editTitle', { name: team.teamId }) : t('teams.newTitle');
  return (
    <AdminForm title={title} onSubmit={save} error={errors['']} busy={busy} cancel={done}>
      {team === null && <TextField label={t('teams.teamId')} error={errors.teamId} value={teamId} onChange={setTeamId} />}
      <TextField label={t('teams.channels')} error={errors.supportChannels} value={channels} onChange={setChannels} />
      <SecretField
        label={t('teams.botToken')}
        isSet={kept && (team?.botTokenSet ?? false)}
        error={errors.botToken}
        value={botToken}
        onChange={setBotToken}
      />
      <SecretField
        label={t('teams.signingSecret')}
        isSet={kept && (team?.signingSecretSet ?? false)}
        error={errors.signingSecret}
        value={signingSecret}
        onChange={setSigningSecret}
      />
    </AdminForm>
  );
}

/** Admins: the workspace's Slack teams and the channels whose messages become tickets. */
export function SlackTeamsAdmin() {
  const { t, tv } = useI18n();
  const set = (value: boolean) => t(value ? 'form.set' : 'form.notSet');
  return (
    <AdminRecords<SlackTeam>
      listKey={TEAMS_KEY}
      load={listSlackTeams}
      columns={[
        { label: 'admin.col.team', value: (team) => team.teamId },
        { label: 'admin.col.source', value: (team) => tv('source', team.source) },
        { label: 'admin.col.channels', value: (team) => shortList(team.supportChannels) },
        { label: 'teams.botToken', value: (team) => set(team.botTokenSet) },
        { label: 'teams.signingSecret', value: (team) => set(team.signingSecretSet) },
      ]}
      rowKey={(team) => team.teamId}
      rowName={(team) => team.teamId}
      remove={{ request: (team) => removeSlackTeam(team.teamId), allowed: isStoredHere }}
      addLabel="teams.add"
      form={(team, done) => <TeamForm team={team} done={done} />}
    />
  );
}
