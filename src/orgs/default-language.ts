import { updateAudited } from '../audit/audited-write.js';
import { AppError } from '../errors.js';
import type { Actor, Deps } from '../shared/deps.js';
import { isLanguage, LANGUAGES, languageOf, type Language } from './languages.js';
import type { Organisation } from './organisation.js';

/**
 * The organisation's language: the pages' language for members whose browser asks for none we have,
 * and the built-in enrollment email's. A person's own choice in the language switcher still wins.
 */
export async function updateDefaultLanguage(
  deps: Deps,
  { org, language, actor }: { org: Organisation; language: string; actor: Actor },
): Promise<Language> {
  // Only languages every page and the built-in email are written in: anything else would show English anyway.
  if (!isLanguage(language))
    throw new AppError('VALIDATION_FAILED', {
      details: { field: 'defaultLanguage', rule: `one of ${LANGUAGES.join(', ')}` },
    });
  const before = languageOf(org.default_language);
  if (before === language) return language;
  await updateAudited(deps, {
    orgId: org.id,
    type: 'org.language_changed',
    actorId: actor.actorId,
    context: actor.context,
    details: { from: before, to: language },
    update: { table: 'organisations', id: org.id, set: { default_language: language } },
  });
  return language;
}
