package restapi

import (
	"net/http"

	"github.com/entstack/entstack/resource"
)

// write serves the endpoints that change data.
func (h *Handler) write(w http.ResponseWriter, r *http.Request, rt *route) error {
	return resource.Errorf(resource.BadMethod, resource.CodeMethod, "method %s is not supported on %s", r.Method, rt.path)
}
