package control

// ServeAllowing is Serve answering only the peers whose user allow
// accepts, so the refusal can be tested without a second user.
var ServeAllowing = serve
