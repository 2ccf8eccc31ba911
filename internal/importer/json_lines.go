package importer

import (
	"bytes"
	"io"
)

// lineCounter passes a file on to the decoder and keeps where its line breaks are, so that an
// offset of the decoder can be told as a line. It keeps only the breaks not yet passed.
type lineCounter struct {
	r      io.Reader
	read   int64
	breaks []int64 // offsets of \n not yet passed
	passed int     // line breaks before the last offset asked for
}

func (c *lineCounter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	for i := 0; i < n; {
		j := bytes.IndexByte(p[i:n], '\n')
		if j < 0 {
			break
		}
		c.breaks = append(c.breaks, c.read+int64(i+j))
		i += j + 1
	}
	c.read += int64(n)
	return n, err
}

// lineAt is the line (from 1) of the byte at offset; offsets asked for never go back.
func (c *lineCounter) lineAt(offset int64) int {
	n := 0
	for n < len(c.breaks) && c.breaks[n] < offset {
		n++
	}
	c.passed += n
	c.breaks = c.breaks[n:]
	return c.passed + 1
}
