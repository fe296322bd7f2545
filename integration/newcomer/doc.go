// Package newcomer checks the README's path for a new project: its files,
// written verbatim into an empty module outside the repository, generate,
// vet, build and serve both APIs (ENTSTACK_TEST_README=1; .ci/run sets it).
package newcomer
