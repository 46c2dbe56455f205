/** Turns a resolved Access-as-User choice into what the admin reads under the picker: the problem and what to do. */
import { t, tPlural } from '../../platform/i18n';
import type { UserCheckView } from '../../ui/inline/types';
import type { ConnectionState } from '../services';
import type { UserResolution } from './users';

export function userCheckView(resolution: UserResolution, connection: Pick<ConnectionState, 'status' | 'problem'>): UserCheckView {
  switch (resolution.kind) {
    case 'none':
      return { state: 'problem', code: 'user-none', severity: 'error', message: t('formUserNone'), advice: t('formUserNoneFix') };
    case 'user': {
      const { user } = resolution;
      if (resolution.status === 'login-disabled') {
        return { state: 'problem', code: 'user-login-disabled', severity: 'error', message: t('formUserLoginDisabled', user.name), advice: t('formUserLoginDisabledFix', user.name) };
      }
      if (resolution.status === 'no-edition') {
        return { state: 'problem', code: 'user-no-edition', severity: 'error', message: t('formUserNoEdition', user.name), advice: t('formUserNoEditionFix', user.name) };
      }
      return { state: 'ok', message: t('formUserOk', [user.name, user.edition ?? '']) };
    }
    case 'missing':
      if (resolution.id !== null) {
        return { state: 'problem', code: 'user-deleted', severity: 'error', message: t('formUserMissing', resolution.text), advice: t('formUserMissingFix') };
      }
      return { state: 'problem', code: 'user-not-found', severity: 'error', message: t('formUserNotFound', resolution.text), advice: t('formUserNotFoundFix') };
    case 'ambiguous':
      return { state: 'problem', code: 'user-ambiguous', severity: 'warning', message: tPlural('formUserAmbiguous', resolution.count, [resolution.text]), advice: t('formUserAmbiguousFix') };
    case 'unknown': {
      // Never "OK" for a user we could not read: say why, and what the admin can check by hand.
      const notConnected = resolution.why === 'auth' || connection.status === 'failed';
      if (notConnected) {
        const reason = connection.problem ?? resolution.reason;
        return { state: 'problem', code: 'user-unknown', severity: 'warning', message: t('formUserUnknownConnection', [resolution.text, reason]), advice: t('formUserUnknownConnectionFix') };
      }
      const key = resolution.why === 'permission' ? 'formUserUnknownPermission' : resolution.why === 'network' ? 'formUserUnknownNetwork' : 'formUserUnknownOther';
      return { state: 'problem', code: 'user-unknown', severity: 'warning', message: t(key, [resolution.text, resolution.reason]), advice: t('formUserUnknownFix') };
    }
  }
}
