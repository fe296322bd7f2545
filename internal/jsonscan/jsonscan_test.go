package jsonscan

import "testing"

func TestString(t *testing.T) {
	tests := []struct {
		in, want string
		end      int
	}{
		{`"abc",`, "abc", 5},
		{`""]`, "", 2},
		{`"a\"b" `, `a"b`, 6},
		{`"\\"`, `\`, 4},
		{`"\u00e9t\u00e9"}`, "été", 15},
		{`"é"`, "é", 4},
	}
	for _, tt := range tests {
		got, end := String([]byte(tt.in), 0)
		if got != tt.want || end != tt.end {
			t.Errorf("String(%s) = %q, %d; want %q, %d", tt.in, got, end, tt.want, tt.end)
		}
		if end := SkipString([]byte(tt.in), 0); end != tt.end {
			t.Errorf("SkipString(%s) = %d; want %d", tt.in, end, tt.end)
		}
	}
}

func TestSpace(t *testing.T) {
	tests := []struct {
		in   string
		i    int
		want int
	}{
		{" \t\r\n{", 0, 4},
		{"{ }", 1, 2},
		{"x", 0, 0},
		{"  ", 0, 2},
	}
	for _, tt := range tests {
		if got := Space([]byte(tt.in), tt.i); got != tt.want {
			t.Errorf("Space(%q, %d) = %d; want %d", tt.in, tt.i, got, tt.want)
		}
	}
}
