import { useEffect, useState } from 'preact/hooks';
import { currentUser, onSessionChange, type StaffUser } from '../../auth/session';

/** The signed-in staff user, re-rendering on sign-in and sign-out. */
export function useStaffUser(): StaffUser | undefined {
  const [user, setUser] = useState(currentUser());
  useEffect(() => onSessionChange(() => setUser(currentUser())), []);
  return user;
}
