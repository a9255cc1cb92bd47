// Staff accounts: the list (cursor pages), invite, disable and re-enable, move an officer to another
// agency, reset the two-step verification of someone who lost their phone.
import { useState } from 'preact/hooks';
import { currentUser } from '../../../auth/session';
import { PageTitle } from '../../../ui/page-title';
import { staffApi } from '../../api';
import { useText } from '../../text';
import { agencyName, useAgencies } from '../../ui/agencies';
import { Announcement, Problems } from '../../ui/announce';
import { uiText } from '../../ui/text';
import { useSubmit } from '../../ui/use-submit';
import '../../ui/console-ui.css';
import { InviteForm, type StaffUser } from './invite-form';
import { MoveForm } from './move-form';
import { staffText } from './text';
import { DataTable } from '../../ui/data-table';
import { usePagedList } from '../../../ui/paged-list';

export function StaffPage() {
  const t = useText(staffText);
  const ui = useText(uiText);
  const agencies = useAgencies();
  const { items: users, setItems: setUsers, cursor, loading, failed, load } = usePagedList<StaffUser>(
    async (after) => (await (await staffApi()).GET('/admin/staff', { params: { query: { limit: 50, ...(after && { cursor: after }) } } })).data,
  );
  const [message, setMessage] = useState<string | undefined>();
  const [moving, setMoving] = useState<StaffUser | undefined>();
  const [inviteKey, setInviteKey] = useState(0);
  const action = useSubmit();
  const me = currentUser()?.userId;

  const replace = (user: StaffUser, said: string) => {
    setUsers((old) => (old.some((u) => u.userId === user.userId) ? old.map((u) => (u.userId === user.userId ? user : u)) : [user, ...old]));
    setMessage(said);
  };
  const who = (u: StaffUser) => u.name ?? u.email;
  const setEnabled = async (u: StaffUser, enabled: boolean) => {
    const path = { params: { path: { userId: u.userId } } };
    const user = await action.submit(async () =>
      enabled ? (await staffApi()).POST('/admin/staff/{userId}/enable', path) : (await staffApi()).POST('/admin/staff/{userId}/disable', path),
    );
    if (user) replace(user, enabled ? t.enabledDone(who(user)) : t.disabledDone(who(user)));
  };
  const resetMfa = async (u: StaffUser) => {
    const user = await action.submit(async () => (await staffApi()).POST('/admin/staff/{userId}/reset-mfa', { params: { path: { userId: u.userId } } }));
    if (user) replace(user, t.resetMfaDone(who(user)));
  };
  const state = (u: StaffUser) => (!u.enabled ? t.disabled : u.status === 'INVITED' ? t.invited : t.active);
  return (
    <>
      <PageTitle>{t.title}</PageTitle>
      <p>{t.intro}</p>
      <Announcement message={message} />
      <Problems title={ui.errorTitle} items={action.problems} />
      {moving && (
        <MoveForm
          key={moving.userId}
          user={moving}
          agencies={agencies ?? []}
          onMoved={(user) => (replace(user, t.movedDone(who(user), agencyName(agencies, user.agencyId ?? ''))), setMoving(undefined))}
          onCancel={() => setMoving(undefined)}
        />
      )}
      <InviteForm key={inviteKey} agencies={agencies ?? []} onInvited={(user) => (replace(user, t.invitedDone(user.email)), setInviteKey((k) => k + 1))} />
      {failed && (
        <div role="alert">
          <p>{ui.loadFailed}</p>
          <button type="button" class="button" onClick={() => void load()}>{ui.retry}</button>
        </div>
      )}
      {users.length > 0 && (
        <DataTable caption={t.caption} columns={[t.columns.email, t.columns.name, t.columns.role, t.columns.agency, t.columns.state, t.columns.actions]} busy={loading }>
            {users.map((u) => (
              <tr key={u.userId}>
                <th scope="row" class="emails">{u.email}</th>
                <td data-label={t.columns.name}>{u.name ?? '–'}</td>
                <td data-label={t.columns.role}>{t.roles[u.role]}</td>
                <td data-label={t.columns.agency}>{u.agencyId ? agencyName(agencies, u.agencyId) : '–'}</td>
                <td data-label={t.columns.state}>
                  <span class={u.enabled ? 'badge' : 'badge warn'}>{state(u)}</span>
                </td>
                <td data-label={t.columns.actions}>
                  {u.userId === me ? (
                    t.you
                  ) : (
                    <div class="actions-cell">
                      {u.role === 'agency' && (
                        <button type="button" class="button" aria-label={t.move(u.email)} onClick={() => setMoving(u)}>{t.moveShort}</button>
                      )}
                      <button type="button" class="button" aria-label={u.enabled ? t.disable(u.email) : t.enable(u.email)} onClick={() => void setEnabled(u, !u.enabled)}>
                        {u.enabled ? t.disableShort : t.enableShort}
                      </button>
                      {/* Coordinators are the accounts that must have TOTP; the API resets any account's. */}
                      {u.enabled && u.role === 'admin' && (
                        <button type="button" class="button" aria-label={t.resetMfa(u.email)} onClick={() => void resetMfa(u)}>
                          {t.resetMfaShort}
                        </button>
                      )}
                    </div>
                  )}
                </td>
              </tr>
            ))}
        </DataTable>
      )}
      {loading && <p aria-busy="true">{ui.loading}</p>}
      {cursor && !loading && (
        <button type="button" class="button" onClick={() => void load(cursor)}>{ui.more}</button>
      )}
    </>
  );
}
