import { useState } from 'react';
import { api } from '../api/client';
import type { Agent, Role } from '../api/types';
import { AdminForm, AdminRecords } from '../admin/admin-records';
import { splitList } from '../admin/admin-values';
import { FormField, SecretField, TextField } from '../forms/form-field';
import { useSubmit } from '../forms/use-submit';
import { useI18n } from '../i18n/i18n';

const ROLES: Role[] = ['agent', 'supervisor', 'admin'];
const LIST_KEY = ['agents'];

/** A new agent (POST /agents) or a change of one (PATCH /agents/:id: name, role, teams). */
function AgentForm({ agent, done }: { agent: Agent | null; done: () => void }) {
  const { t, tv } = useI18n();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [name, setName] = useState(agent?.name ?? '');
  const [role, setRole] = useState<Role>(agent?.role ?? 'agent');
  const [teams, setTeams] = useState(agent?.teams.join(', ') ?? '');
  const { errors, busy, submit } = useSubmit(['email', 'password', 'name', 'role', 'teams'], LIST_KEY);
  const save = async () => {
    const fields = { name, role, teams: splitList(teams) };
    const saved = await submit(() =>
      agent
        ? api(`/agents/${agent.id}`, { method: 'PATCH', body: fields })
        : api('/agents', { method: 'POST', body: { ...fields, email, password } }),
    );
    if (saved) done();
  };
  const title = agent ? t('agents.editTitle', { name: agent.name }) : t('agents.newTitle');
  return (
    <AdminForm title={title} onSubmit={save} error={errors['']} busy={busy} cancel={done}>
      {!agent && <TextField label={t('agents.email')} error={errors.email} value={email} onChange={setEmail} />}
      <TextField label={t('agents.name')} error={errors.name} value={name} onChange={setName} />
      <FormField label={t('agents.role')} error={errors.role}>
        {(control) => (
          <select {...control} value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {tv('role', r)}
              </option>
            ))}
          </select>
        )}
      </FormField>
      <TextField label={t('agents.teamsHint')} error={errors.teams} value={teams} onChange={setTeams} />
      {!agent && (
        <SecretField label={t('agents.password')} isSet={false} error={errors.password} value={password} onChange={setPassword} />
      )}
    </AdminForm>
  );
}

/** Admins: the workspace's agents and their roles (GET /agents), added and changed here. */
export default function AgentsScreen() {
  const { t, tv } = useI18n();
  return (
    <section aria-labelledby="agents-title">
      <h1 id="agents-title">{t('agents.title')}</h1>
      <AdminRecords<Agent>
        listKey={LIST_KEY}
        load={async () => (await api<{ items: Agent[] }>('/agents')).data.items}
        columns={[
          { label: 'agents.name', value: (agent) => agent.name },
          { label: 'agents.email', value: (agent) => agent.email },
          { label: 'agents.role', value: (agent) => tv('role', agent.role) },
          { label: 'agents.teams', value: (agent) => agent.teams.join(', ') },
        ]}
        rowKey={(agent) => agent.id}
        rowName={(agent) => agent.name}
        addLabel="agents.add"
        form={(agent, done) => <AgentForm agent={agent} done={done} />}
      />
    </section>
  );
}
