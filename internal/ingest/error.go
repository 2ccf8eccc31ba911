package ingest

// Reason is why a body was refused; the web server answers each with its own status.
type Reason int

const (
	// NotRecords: the body is not a JSON object or an array of objects (400).
	NotRecords Reason = iota + 1
	// TooMany: more than MaxBatch records (413).
	TooMany
	// InvalidFields: records with invalid fields, each listed in Fields (422).
	InvalidFields
)

// Error is a refused body: why, the detail to tell the sender, and for InvalidFields each
// invalid field. Nothing of a refused body is kept.
type Error struct {
	Reason Reason
	Detail string
	Fields []Field
}

func (e *Error) Error() string { return e.Detail }

// Field is one invalid field: where it is in the body (an RFC 6901 pointer) and what is wrong.
type Field struct {
	Pointer string
	Detail  string
}
