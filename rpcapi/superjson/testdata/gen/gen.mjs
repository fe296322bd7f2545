// Generates the superjson fixtures used by rpcapi/superjson/superjson_test.go.
//   cd rpcapi/superjson/testdata/gen && npm ci && node gen.mjs > ../superjson-fixtures.json
// Each case is serialized with superjson 2.2.5 (meta "v": 1, "\\" and "\." escapes)
// and 2.2.1 (legacy: no "v", only "." is escaped). The Go test owns the expected values.
import SJ225 from 'sj225';
import SJ221 from 'sj221';

class Decimal { constructor(s) { this.s = s; } }
class DbNullClass {}
class Point { constructor(x, y) { this.x = x; this.y = y; } }

function setup(SJ) {
  const sj = new SJ();
  sj.registerCustom({ isApplicable: (v) => v instanceof Decimal, serialize: (v) => v.s, deserialize: (v) => new Decimal(v) }, 'Decimal');
  sj.registerCustom({ isApplicable: (v) => Buffer.isBuffer(v) && v.__bytes === true, serialize: (v) => v.toString('base64'), deserialize: (v) => Buffer.from(v, 'base64') }, 'Bytes');
  sj.registerCustom({ isApplicable: (v) => v instanceof DbNullClass, serialize: () => 'DbNull', deserialize: () => new DbNullClass() }, 'DbNull');
  sj.registerClass(Point, 'Point');
  sj.registerSymbol(Symbol.for('sym'), 'sym');
  return sj;
}

// fresh instances per use: a reused Date would add referentialEqualities
const D1 = () => new Date('2026-01-02T03:04:05.678Z');
const D2 = () => new Date('2025-12-01T00:00:00.000Z');
const bytes = () => { const b = Buffer.from('hello'); b.__bytes = true; return b; };
const shared = { at: D2() };

const cases = {
  // responses (also used to check the Go Meta recorder byte for byte)
  rows: [
    { id: 1, title: 'a.b', createdAt: D1(), author: { id: 1, createdAt: D2() } },
    { id: 2, title: 'x', createdAt: D2(), author: null },
  ],
  rootDate: D1(),
  rootArrayOfDates: [D1(), D2()],
  plain: { id: 1, title: 'no meta' },
  bigints: { big: 12345678901234567n, neg: -5n, arr: [1n, 2n] },
  decimal: { rating: new Decimal('3.14'), huge: new Decimal('1e+21'), small: new Decimal('-1e-7') },
  bytesCustom: { avatar: bytes() },
  uint8: { avatar: new Uint8Array([0, 1, 255]) },
  nodeBuffer: { avatar: Buffer.from([7, 8]) },
  dbNull: { data: { meta: new DbNullClass() } },
  escapedKeys: { 'a.b': D1(), 'c\\d': D1(), 'e\\.f': D1(), 'g\\': D1(), nested: { 'y.z': [D2()] } },
  aggregate: { _count: { _all: 3 }, _avg: { viewCount: 2.5 }, _max: { createdAt: D1() } },
  // requests
  whereDate: { where: { createdAt: { gte: D2(), lt: D1() } }, include: { author: true } },
  createArgs: { data: { title: 't', createdAt: D1(), author: { connect: { id: 1 } } } },
  undefinedKey: { where: { title: undefined, id: 1 } },
  undefinedInArray: { where: { id: { in: [1, undefined] } } },
  negZero: { n: -0 },
  nan: { n: NaN },
  infinity: { n: Infinity },
  negInfinity: { n: -Infinity },
  refEquality: { a: shared, b: shared },
  regexp: { where: { title: /ab+c/i } },
  set: { ids: new Set([1, 2]) },
  map: { m: new Map([['k', D1()]]) },
  error: { e: new Error('boom') },
  url: { u: new URL('https://example.com/x') },
  clazz: { p: new Point(1, 2) },
  symbol: { s: Symbol.for('sym') },
};

const out = [];
for (const [version, SJ] of [['2.2.5', SJ225], ['2.2.1', SJ221]]) {
  const sj = setup(SJ);
  for (const [name, value] of Object.entries(cases)) {
    const { json, meta } = sj.serialize(value);
    out.push({ name, version, json: json === undefined ? null : json, meta: meta ?? null, metaString: meta ? JSON.stringify(meta) : null });
  }
}
process.stdout.write(JSON.stringify(out, null, 1) + '\n');
