package privacy

import "testing"

func TestWhen(t *testing.T) {
	called := false
	c := When(false, func() Cond { called = true; return True }, False)
	if !c.IsFalse() || called {
		t.Errorf("When(false) = %v, called %v; want otherwise, not called", c, called)
	}
	if c := When(true, func() Cond { return True }, False); !c.IsTrue() {
		t.Errorf("When(true) = %v, want cond()", c)
	}
}
