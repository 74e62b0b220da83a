import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { I18n, registerMessages } from '../core/i18n';
import type { CollabStatus, Peer } from './collab-session';
import { COLLAB_MESSAGES } from './collab.messages';

registerMessages(COLLAB_MESSAGES);

/** Connection status and who else has the document open. */
@Component({
  selector: 'zb-presence-list',
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    :host { display: flex; flex-wrap: wrap; align-items: center; gap: 0.4rem 0.8rem; }
    .status { display: inline-flex; align-items: center; gap: 0.35rem; font-size: 0.85rem; }
    .dot { width: 0.6rem; height: 0.6rem; border-radius: 50%; background: var(--low); }
    .status-connected .dot { background: var(--high); }
    .status-connecting .dot, .status-disconnected .dot { background: var(--medium); }
    .status-offline { color: var(--accent); font-weight: 600; }
    .status-offline .dot { background: var(--accent); }
    .status-closed .dot { background: var(--accent); }
    ul { display: flex; flex-wrap: wrap; gap: 0.3rem; margin: 0; padding: 0; list-style: none; }
    li { display: inline-flex; align-items: center; gap: 0.3rem; padding: 0.05rem 0.55rem 0.05rem 0.25rem; border-radius: 1rem; background: white; border: 1px solid var(--line); font-size: 0.85rem; }
    .avatar { width: 1.2rem; height: 1.2rem; border-radius: 50%; color: white; font-size: 0.7rem; display: inline-grid; place-items: center; }
    .label { color: var(--muted); font-size: 0.85rem; }
    .where { color: var(--muted); font-size: 0.8rem; }
  `,
  template: `
    <span class="status" [class]="'status status-' + status()" data-testid="collab-status" [attr.data-status]="status()">
      <span class="dot"></span>{{ i18n.t('collab.status.' + status()) }}
    </span>
    <span class="label">{{ peers().length ? i18n.t('collab.here') : i18n.t('collab.alone') }}</span>
    <ul data-testid="collab-peers">
      <li>
        <span class="avatar" [style.background]="me().color" aria-hidden="true" translate="no">{{ me().name.charAt(0) }}</span><span translate="no">{{ me().name }}</span>{{ i18n.t('collab.you') }}
      </li>
      @for (peer of peers(); track peer.clientId) {
        <li data-testid="collab-peer">
          <span class="avatar" [style.background]="peer.color" aria-hidden="true" translate="no">{{ peer.name.charAt(0) }}</span><span translate="no">{{ peer.name }}</span>
          @if (peer.field; as field) {
            <span class="where" data-testid="collab-peer-field">{{ i18n.t('collab.inField', { field: field.label }) }}</span>
          }
        </li>
      }
    </ul>
  `,
})
export class PresenceList {
  readonly status = input.required<CollabStatus>();
  readonly peers = input.required<readonly Peer[]>();
  readonly me = input.required<{ name: string; color: string }>();
  protected readonly i18n = inject(I18n);
}
