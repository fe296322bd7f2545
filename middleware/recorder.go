package middleware

import "net/http"

// recorder is a ResponseWriter that remembers the status and counts the
// body bytes, for the access log and for recovery (which can only answer
// while nothing is written). http.ResponseController reaches the writer
// below through Unwrap.
type recorder struct {
	http.ResponseWriter
	status int // 0 until the header is written
	bytes  int
}

func (w *recorder) WriteHeader(code int) {
	if w.status == 0 && code >= 200 { // 1xx are informational: the real status follows
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *recorder) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

// Flush is promoted for handlers that stream with a type assertion rather
// than http.ResponseController.
func (w *recorder) Flush() {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	_ = http.NewResponseController(w.ResponseWriter).Flush()
}

func (w *recorder) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (w *recorder) written() bool { return w.status != 0 }
