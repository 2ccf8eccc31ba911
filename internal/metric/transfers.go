package metric

// Transfers is the transfer rate: of the solved tickets whose transfers are known, the share
// passed to another agent or team at least once (metrics.md section 2).
type Transfers struct {
	Value       *float64 `json:"value"`
	N           int      `json:"n"`
	Transferred int      `json:"transferred"`
}

// NewTransfers computes 100·transferred/n.
func NewTransfers(transferred, n int) Transfers {
	return Transfers{Value: ratio(transferred, n), N: n, Transferred: transferred}
}

// TransferTally counts the solved tickets of the transfer rate. A ticket whose transfers are
// not known (an empty column) is not measured: counted as 0 it would make an export without the
// column show a perfect 0%, as FCRTally keeps an export without reply data from showing 100%.
type TransferTally struct{ N, Transferred int }

// Add counts a solved ticket; known says whether its transfers are known at all.
func (t *TransferTally) Add(known, transferred bool) {
	if !known {
		return
	}
	t.N++
	if transferred {
		t.Transferred++
	}
}

// Rate is the transfer rate of the tickets counted; null when none was measured.
func (t TransferTally) Rate() Transfers { return NewTransfers(t.Transferred, t.N) }
