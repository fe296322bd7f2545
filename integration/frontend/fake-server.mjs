// A tiny stand-in for an RPC server, used to sanity-check client-test.mjs and
// to document the ZenStack v3 RPC wire format by example. It knows just the
// requests client-test.mjs makes, over a small in-memory blog.
//
//   node fake-server.mjs [port]      (default 0 = any free port)
//
// It prints `RPC_URL=... TOKEN=...` (user 1) on its first line, e.g.
//   eval "$(node fake-server.mjs | head -1)"  — or see README.md.
//
// Wire format (ZenStack v3 RPCApiHandler):
//   GET|DELETE <prefix>/<model>/<op>?q=<urlencoded JSON args>[&meta=<urlencoded {"serialization": <superjson meta>}>]
//   POST|PUT|PATCH <prefix>/<model>/<op>, body = JSON args [+ "meta": {"serialization": <superjson meta>}]
//   success: 201 (create, createMany, createManyAndReturn, upsert) or 200,
//            {"data": <json>[, "meta": {"serialization": {"values": {...}, "v": 1}}]}
//   error:   4xx/5xx {"error": {"message", "reason", "model"?, "rejectedByPolicy"?, "rejectReason"?, ...}}
import http from 'node:http';
import crypto from 'node:crypto';

const PREFIX = '/api/model';
const SECRET = 'fake-secret';

// ---- superjson meta, written out by hand (this is the format, see spec §2.8) ----

const escapeKey = (k) => String(k).replace(/\\/g, '\\\\').replace(/\./g, '\\.');
function parsePath(s, legacy) {
  const out = [];
  let seg = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\\' && s[i + 1] === '.') { seg += '.'; i++; continue; }
    if (c === '\\' && !legacy) {
      if (s[i + 1] === '\\') { seg += '\\'; i++; continue; }
      throw new Error('invalid path');
    }
    if (c === '.') { out.push(seg); seg = ''; continue; }
    seg += c;
  }
  out.push(seg);
  return out;
}
// Revive the request args: only "Date" is needed by the client test.
function applyMeta(value, meta) {
  if (!meta?.values) return value;
  const legacy = !(meta.v >= 1);
  const apply = (path, ann) => {
    if (ann !== 'Date') throw Object.assign(new Error(`unsupported annotation ${JSON.stringify(ann)}`), { status: 400 });
    if (path.length === 0) { value = new Date(value); return; }
    let parent = value;
    for (const seg of path.slice(0, -1)) parent = parent?.[seg];
    const last = path[path.length - 1];
    if (parent == null || !(last in parent)) throw Object.assign(new Error(`no value at ${path.join('.')}`), { status: 400 });
    parent[last] = new Date(parent[last]);
  };
  if (Array.isArray(meta.values)) apply([], meta.values[0]);
  else for (const [k, tree] of Object.entries(meta.values)) apply(parsePath(k, legacy), tree[0]);
  return value;
}
// Serialize a result: Dates become ISO strings, their paths go to meta.
function serializeResult(data) {
  const values = {};
  let root;
  const walk = (v, path) => {
    if (v instanceof Date) {
      if (path.length === 0) root = 'Date';
      else values[path.map(escapeKey).join('.')] = ['Date'];
      return v.toISOString();
    }
    if (Array.isArray(v)) return v.map((x, i) => walk(x, [...path, i]));
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, [...path, k])]));
    return v;
  };
  const json = walk(data, []);
  const body = { data: json };
  if (process.env.FAKE_BREAK === 'meta') return body; // to see client-test.mjs fail
  if (root) body.meta = { serialization: { values: [root], v: 1 } };
  else if (Object.keys(values).length) body.meta = { serialization: { values, v: 1 } };
  return body;
}

// ---- auth ----

const b64url = (b) => Buffer.from(b).toString('base64url');
function sign(sub) {
  const head = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const body = b64url(JSON.stringify({ sub: String(sub), iat: Math.floor(Date.now() / 1000) }));
  const sig = crypto.createHmac('sha256', SECRET).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${sig}`;
}
function authUser(req) {
  const h = req.headers.authorization;
  if (!h) return null;
  const [head, body, sig] = h.replace(/^Bearer /, '').split('.');
  const want = crypto.createHmac('sha256', SECRET).update(`${head}.${body}`).digest('base64url');
  if (sig !== want) throw Object.assign(new Error('invalid token'), { status: 401, reason: 'unauthorized' });
  return Number(JSON.parse(Buffer.from(body, 'base64url')).sub);
}

// ---- data ----

const day = (d) => new Date(`2026-01-${String(d).padStart(2, '0')}T10:00:00.000Z`);
const users = [
  { id: 1, email: 'alice@example.com', name: 'Alice', role: 'USER', createdAt: day(1) },
  { id: 2, email: 'bob@example.com', name: 'Bob', role: 'USER', createdAt: day(2) },
];
const posts = [
  { id: 1, title: 'Hello', content: null, published: true, viewCount: 10, rating: null, createdAt: day(3), authorId: 2 },
  { id: 2, title: 'Draft', content: 'x', published: false, viewCount: 0, rating: null, createdAt: day(4), authorId: 2 },
  { id: 3, title: 'World', content: 'y', published: true, viewCount: 3, rating: 5, createdAt: day(5), authorId: 1 },
];
let nextId = 100;

const fail = (status, reason, message, extra = {}) => Object.assign(new Error(message), { status, body: { error: { message, reason, ...extra } } });
const readable = (p, me) => p.published || p.authorId === me;
function matchPost(p, where = {}) {
  for (const [k, cond] of Object.entries(where)) {
    if (k === 'createdAt') {
      if (cond.lte && !(p.createdAt <= cond.lte)) return false;
      if (cond.lt && !(p.createdAt < cond.lt)) return false;
      if (cond.gte && !(p.createdAt >= cond.gte)) return false;
      if (cond.gt && !(p.createdAt > cond.gt)) return false;
    } else if (p[k] !== cond) return false;
  }
  return true;
}
const withAuthor = (p, args) => (args.include?.author ? { ...p, author: users.find((u) => u.id === p.authorId) } : { ...p });

const ops = {
  'post/findMany': (args, me) => {
    let r = posts.filter((p) => readable(p, me) && matchPost(p, args.where));
    if (args.orderBy?.createdAt) r.sort((a, b) => (args.orderBy.createdAt === 'desc' ? b.createdAt - a.createdAt : a.createdAt - b.createdAt));
    if (args.take) r = r.slice(0, args.take);
    return r.map((p) => withAuthor(p, args));
  },
  'post/findUnique': (args, me) => {
    const p = posts.find((p) => p.id === args.where?.id && readable(p, me));
    return p ? withAuthor(p, args) : null;
  },
  'post/create': (args, me) => {
    const { author, ...data } = args.data;
    const authorId = author?.connect?.id ?? data.authorId;
    if (me == null || authorId !== me) throw fail(403, 'rejected-by-policy', 'operation is rejected by access policy', { model: 'Post', rejectedByPolicy: true, rejectReason: 'no-access' });
    const p = { id: nextId++, content: null, published: false, viewCount: 0, rating: null, createdAt: new Date(), ...data, authorId };
    posts.push(p);
    return withAuthor(p, args);
  },
  'post/update': (args, me) => {
    const p = posts.find((p) => p.id === args.where?.id && p.authorId === me);
    if (!p) throw fail(404, 'not-found', 'entity not found for model Post', { model: 'Post' });
    for (const [k, v] of Object.entries(args.data)) p[k] = v && typeof v === 'object' && 'increment' in v ? p[k] + v.increment : v;
    return withAuthor(p, args);
  },
  'post/delete': (args, me) => {
    const i = posts.findIndex((p) => p.id === args.where?.id && p.authorId === me);
    if (i < 0) throw fail(404, 'not-found', 'entity not found for model Post', { model: 'Post' });
    return posts.splice(i, 1)[0];
  },
  'post/aggregate': (args, me) => {
    const r = posts.filter((p) => readable(p, me) && matchPost(p, args.where));
    const out = {};
    if (args._count) out._count = { _all: r.length };
    if (args._avg?.viewCount) out._avg = { viewCount: r.length ? r.reduce((s, p) => s + p.viewCount, 0) / r.length : null };
    return out;
  },
  'user/findFirst': (args) => users.find((u) => args.where?.id?.not === undefined || u.id !== args.where.id.not) ?? null,
  'user/create': (args) => {
    const u = { id: nextId++, name: null, role: 'USER', createdAt: new Date(), ...args.data };
    users.push(u);
    return u;
  },
  // The mutation "commits" but its result is not readable: ZenStack v3 answers 403 +
  // rejectedByPolicy + rejectReason "cannot-read-back", which clients treat as success.
  'tag/create': () => {
    throw fail(403, 'rejected-by-policy', 'result is not allowed to be read back', { model: 'Tag', rejectedByPolicy: true, rejectReason: 'cannot-read-back' });
  },
};
const METHOD = { findMany: 'GET', findUnique: 'GET', findFirst: 'GET', aggregate: 'GET', create: 'POST', update: 'PUT', delete: 'DELETE' };
const CREATED = new Set(['create', 'createMany', 'createManyAndReturn', 'upsert']);

async function readBody(req) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  return Buffer.concat(chunks).toString('utf8');
}

const server = http.createServer(async (req, res) => {
  let reqBody = '';
  const send = (status, body) => {
    const s = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json' }).end(s);
    if (process.env.VERBOSE) console.error(`${req.method} ${decodeURIComponent(req.url)} ${reqBody} -> ${status} ${s}`);
  };
  try {
    const url = new URL(req.url, 'http://x');
    if (!url.pathname.startsWith(PREFIX + '/')) throw fail(404, 'not-found', 'not found');
    const [model, op, ...rest] = url.pathname.slice(PREFIX.length + 1).split('/');
    if (rest.length) throw fail(400, 'invalid-input', 'invalid request path');
    const want = METHOD[op];
    const okMethod = want === 'PUT' ? ['PUT', 'PATCH'].includes(req.method) : req.method === want;
    if (want && !okMethod) throw fail(400, 'invalid-input', `invalid request method, only ${want === 'PUT' ? 'PUT or PATCH' : want} is supported`);
    const me = authUser(req);
    let args;
    if (req.method === 'GET' || req.method === 'DELETE') {
      args = JSON.parse(url.searchParams.get('q') ?? '{}');
      const meta = url.searchParams.get('meta');
      if (meta) args = applyMeta(args, JSON.parse(meta).serialization);
    } else {
      const text = (reqBody = await readBody(req));
      if (!text) throw fail(400, 'invalid-input', 'missing request body');
      const { meta, ...rest } = JSON.parse(text);
      args = applyMeta(rest, meta?.serialization);
    }
    const fn = ops[`${model}/${op}`];
    if (!fn) throw fail(400, 'not-supported', `the fake server does not implement ${model}.${op}`);
    const result = await fn(args, me);
    send(CREATED.has(op) ? 201 : 200, result ? serializeResult(result) : { data: result ?? null });
  } catch (err) {
    send(err.status ?? 500, err.body ?? { error: { message: err.message, reason: err.reason ?? 'internal-error' } });
  }
});

server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => {
  const { port } = server.address();
  console.log(`RPC_URL=http://127.0.0.1:${port}${PREFIX} TOKEN=${sign(1)}`);
});
