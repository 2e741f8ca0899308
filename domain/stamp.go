package domain

// Stamp is the store's change number of a document's last write, as Case.Seq is a case's. Several instances
// sharing a store learn of a document's writes twice (their own, and following the store), in either order;
// an in-memory book keeps the version with the higher stamp. Never shown in the API.
type Stamp struct {
	Seq int64 `bson:"seq" json:"-"`
}

// Stamped is the stamp, for the store to set when it writes the document.
func (s *Stamp) Stamped() *int64 { return &s.Seq }

// newer reports whether a document stamped seq at version is newer than (or the same as) one stamped
// curSeq at curVersion: the stamp decides, the version where both stamps are equal (documents never
// stored, as in tests, or stored before stamps).
func newer(seq int64, version int, curSeq int64, curVersion int) bool {
	if seq != curSeq {
		return seq > curSeq
	}
	return version >= curVersion
}
