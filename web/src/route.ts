// Hash routing (#/overview, #/requirements, #/intel/..., #/registry/..., #/assessments/...,
// #/campaigns/..., #/posture, #/incidents/..., #/training, #/providers, #/orgs, #/audit): the server only has to
// serve index.html at "/".
import { useEffect, useState } from 'preact/hooks';
import type { PageId } from './nav';

const PAGES: readonly PageId[] = [
  'overview',
  'requirements',
  'intel',
  'registry',
  'assessments',
  'campaigns',
  'posture',
  'incidents',
  'training',
  'providers',
  'orgs',
  'audit',
];

export function parseRoute(hash: string): PageId {
  const id = hash.replace(/^#\/?/, '').split(/[/?]/)[0];
  return (PAGES as readonly string[]).includes(id) ? (id as PageId) : 'overview';
}

/** The page named by location.hash, following hash changes. */
export function useRoute(): PageId {
  const [page, setPage] = useState<PageId>(() => parseRoute(location.hash));
  useEffect(() => {
    const onChange = () => setPage(parseRoute(location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return page;
}

/** location.hash, following hash changes (pages with sub-routes parse it themselves). */
export function useHash(): string {
  const [hash, setHash] = useState<string>(() => location.hash);
  useEffect(() => {
    const onChange = () => setHash(location.hash);
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return hash;
}

