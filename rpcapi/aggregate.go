package rpcapi

func (h *Handler) count(c *call) error     { return requestError("not yet") }
func (h *Handler) aggregate(c *call) error { return requestError("not yet") }
func (h *Handler) groupBy(c *call) error   { return requestError("not yet") }
