// Naming helpers. Nothing here produces a physical resource name: CloudFormation generates those.
// The slug only feeds the stack name (chosen at deploy time by whoever runs `cdk deploy`) and the
// Cognito domain prefix, which must be globally unique and is therefore suffixed per stack.

import { Aws, Fn } from 'aws-cdk-lib';
import { ConfigError } from '../config';

/** "Kabupaten Blora" → "kabupaten-blora"; "Kota Bau-Bau" → "kota-bau-bau". */
export function slugify(text: string, maxLength = 40): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // strip diacritics left by NFKD
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, maxLength)
    .replace(/-+$/g, '');
  if (!slug) throw new Error(`Cannot derive a name from "${text}": it has no letters or digits`);
  return slug;
}

/** A stage name (`-c stage=...`): short, lowercase, safe in a stack name and in a Cognito domain. */
export const STAGE_PATTERN = /^[a-z][a-z0-9-]{0,11}$/;

/**
 * The CloudFormation stack id for a region and an optional stage, e.g. "Tuntas-kabupaten-blora" or
 * "Tuntas-kabupaten-blora-uji". Without a stage the id is what it always was, so a deployed
 * stack keeps its name.
 */
export function stackIdFor(regionName: string, stage?: string): string {
  if (stage !== undefined && !STAGE_PATTERN.test(stage)) {
    throw new ConfigError(`Stage "${stage}" must be 1-12 lowercase letters, digits or dashes, starting with a letter`);
  }
  return `Tuntas-${slugify(regionName)}${stage ? `-${stage}` : ''}`;
}

/**
 * Cognito rejects domain prefixes containing "aws", "amazon" or "cognito". A region name is free
 * text, so guard against it: break such a word with a dash rather than dropping letters.
 */
export function cognitoSafe(slug: string): string {
  return slug.replace(/aws|amazon|cognito/g, (word) => `${word[0]}-${word.slice(1)}`);
}

/**
 * A Cognito domain prefix unique per deployment without hard-coding anything: the region slug plus
 * the first block of the stack's own UUID (arn:...:stack/<name>/<uuid>), resolved by CloudFormation.
 * It stays stable for the life of the stack and does not expose the account id in a public URL.
 */
export function cognitoDomainPrefix(regionName: string): string {
  const stackUuid = Fn.select(2, Fn.split('/', Aws.STACK_ID));
  const shortId = Fn.select(0, Fn.split('-', stackUuid));
  // 63 characters max: "tuntas-" (7) + slug (≤ 40) + "-" + 8 hex digits.
  return `tuntas-${cognitoSafe(slugify(regionName, 40))}-${shortId}`;
}
