import { useSyncExternalStore } from 'react';
import { auth } from '../../services';
import type { AuthState } from './auth-client';

export function useAuth(): AuthState {
  return useSyncExternalStore(auth.subscribe, auth.getState);
}
