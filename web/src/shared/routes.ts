/**
 * The request helpers' types, read from the server's route map (src/http/contract.ts): a call names
 * its route by method and path, and the path chooses the body, parameters, query and reply.
 */
import type { Body, Params, Query, Reply, RouteKey } from '../../../src/http/contract';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
/** The methods whose requests carry a JSON body. */
export type WriteMethod = 'POST' | 'PUT' | 'PATCH';

/** The routes of one method under a prefix, by the rest of their path: '/sign-in/identify' → its key. */
export type RoutesUnder<M extends Method, Prefix extends string> = {
  [K in RouteKey as K extends `${M} ${Prefix}${infer Path}` ? Path : never]: K;
};

/** The route key a helper's path names. */
export type KeyOf<M extends Method, Prefix extends string, Path extends string> = Extract<
  RouteKey,
  `${M} ${Prefix}${Path}`
>;

type Empty = Record<never, never>;

/** The path parameters the caller gives: all but the ones the helper fills in (`org`). */
type ParamsOption<K extends RouteKey, Filled extends string> = [Exclude<keyof Params<K>, Filled>] extends [never]
  ? Empty
  : { params: Omit<Params<K>, Filled> };

type QueryOption<K extends RouteKey> =
  Query<K> extends undefined ? Empty : Empty extends Query<K> ? { query?: Query<K> } : { query: Query<K> };

/** No options argument when there is nothing to give; an optional one when all of it is optional. */
type OptionsArg<O> = [keyof O] extends [never] ? [] : Empty extends O ? [options?: O] : [options: O];

/** A GET's or a DELETE's arguments after the path: its parameters and query, when it has any. */
export type ReadArgs<K extends RouteKey, Filled extends string> = OptionsArg<ParamsOption<K, Filled> & QueryOption<K>>;

/**
 * A POST's, PUT's or PATCH's arguments after the path: its body, when it takes one, then its parameters.
 * No write route takes a query; one that did could not be called until splitWriteArgs learnt it.
 */
export type WriteArgs<K extends RouteKey, Filled extends string> =
  Query<K> extends undefined
    ? [...(Body<K> extends undefined ? [] : [body: Body<K>]), ...OptionsArg<ParamsOption<K, Filled>>]
    : never;

export type { Reply };

export interface RequestOptions {
  params?: Record<string, string>;
  query?: Record<string, string | undefined>;
}

/** The path with its `:name`s filled in (encoded) and the query's set values appended. */
export function fillPath(path: string, { params = {}, query = {} }: RequestOptions = {}): string {
  const filled = path.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
  const search = queryString(query);
  return search ? `${filled}?${search}` : filled;
}

/** `a=1&b=2`, leaving out what is unset. */
export function queryString(query: NonNullable<RequestOptions['query']>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined) search.set(name, value);
  return search.toString();
}

/**
 * Splits a write's arguments: a path with parameters ends with its options, after the body if the
 * route takes one; a path without takes at most the body. (The types above allow nothing else.)
 */
export function splitWriteArgs(path: string, args: readonly unknown[]): { body: unknown; options?: RequestOptions } {
  if (!path.includes(':')) return { body: args[0] };
  return { body: args.length > 1 ? args[0] : undefined, options: args.at(-1) as RequestOptions };
}
