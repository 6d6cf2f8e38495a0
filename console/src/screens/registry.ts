import type { ComponentType } from 'preact';
import type { MessageKey } from '../i18n/i18n.js';
import type { Role, Session } from '../session.js';

export interface ScreenProps {
  session: Session;
  params: Record<string, string>;
}

/**
 * One screen: its hash path, the roles that see it, and its menu entry (none for detail screens).
 * Screens for new API routes are added to screens/index.ts the same way.
 */
export interface ScreenDef {
  path: string;
  roles: readonly Role[];
  nav?: MessageKey;
  component: ComponentType<ScreenProps>;
}
