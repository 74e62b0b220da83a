import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router } from '@angular/router';
import { I18n } from '../core/i18n';
import { Session } from '../core/session';

@Component({
  selector: 'zb-login',
  imports: [FormsModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    form { max-width: 360px; margin: 4rem auto; background: white; padding: 1.5rem; border: 1px solid var(--line); border-radius: 6px; display: grid; gap: 0.8rem; }
    h1 { font-size: 1.5rem; margin: 0; }
    label { display: grid; gap: 0.25rem; font-size: 0.9rem; color: var(--muted); }
  `,
  templateUrl: './login.html',
})
export class Login {
  protected readonly i18n = inject(I18n);
  private readonly session = inject(Session);
  private readonly router = inject(Router);
  protected email = '';
  protected password = '';
  protected readonly error = signal<string | null>(null);
  protected readonly busy = signal(false);

  protected async submit(): Promise<void> {
    this.busy.set(true);
    this.error.set(null);
    try {
      await this.session.login(this.email, this.password);
      await this.router.navigate(['/']);
    } catch (e) {
      this.error.set(this.i18n.t((e as { status?: number }).status === 429 ? 'login.throttled' : 'login.failed'));
    } finally {
      this.busy.set(false);
    }
  }
}
