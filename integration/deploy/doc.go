// Package deploy runs the example server as real processes, the way it is
// deployed, and checks what only processes show:
//
//   - several instances started at once on one empty database all come up
//     (the migration lock), and `example migrate` then `-migrate=false`;
//   - scale-out: three instances behind a reverse proxy over one
//     PostgreSQL under a mixed load from 16 clients, with exact final
//     counts, then the same with one instance killed mid-load;
//   - crashes: kill -9 during a write load on SQLite and PostgreSQL, then
//     every acknowledged write is there and no nested write is partial;
//   - a database outage: a private PostgreSQL stopped under load, answered
//     503 within the deadline, and served again when it returns.
//
// The tests build the example binary once. They run in the default pass of
// the integration suite only (they choose their databases themselves, so
// they skip when ENTSTACK_TEST_DB is set); the drills (scale-out, crashes,
// outage) only with ENTSTACK_TEST_DRILLS=1, which .ci/run sets.
package deploy
