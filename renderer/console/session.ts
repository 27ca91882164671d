import { create } from 'zustand';
import { apiClient, type ApiClient } from '../common/api';

export interface StaffMember {
  readonly id: string;
  readonly name: string;
  readonly role: 'cashier' | 'manager' | 'headOffice';
}

interface SessionState {
  readonly token: string | null;
  readonly staff: StaffMember | null;
  signedIn(token: string, staff: StaffMember): void;
  signedOut(): void;
}

const STORAGE_KEY = 'hq.session';

function restored(): Pick<SessionState, 'token' | 'staff'> {
  try {
    const saved = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null') as Pick<
      SessionState,
      'token' | 'staff'
    > | null;
    return saved ?? { token: null, staff: null };
  } catch {
    return { token: null, staff: null };
  }
}

/** Who is signed in to the console (UI state only: the data itself always comes from the server). */
export const useSession = create<SessionState>((set) => ({
  ...restored(),
  signedIn: (token, staff) => {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ token, staff }));
    set({ token, staff });
  },
  signedOut: () => {
    sessionStorage.removeItem(STORAGE_KEY);
    set({ token: null, staff: null });
  },
}));

export const api: ApiClient = apiClient('', () => ({ staff: useSession.getState().token }));
