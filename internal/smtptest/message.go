package smtptest

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"strings"
)

// Message is one accepted message: the envelope as the client gave it, the raw data, and the
// content parsed so tests assert on what a reader sees rather than on encodings.
type Message struct {
	From string   // MAIL FROM
	To   []string // RCPT TO, in order
	User string   // the user that logged in with AUTH, "" without
	Data []byte   // the message as sent after DATA, CRLF line ends

	Header  mail.Header // the top-level header, values as sent (RFC 2047 words not decoded)
	Subject string      // the Subject header, RFC 2047 words decoded

	// Body is the decoded text: the text/plain part of a multipart message, or the whole body
	// of a single-part one whatever its type. TextBody and HTMLBody are the text/plain and
	// text/html parts (for a single-part message, its body when of that type). Transfer
	// encodings (quoted-printable, base64) are undone, line ends are "\n", and the charset is
	// assumed to be UTF-8.
	Body     string
	TextBody string
	HTMLBody string
}

// maxDepth bounds how deep multiparts may nest; real mail has two or three levels.
const maxDepth = 8

func parse(data []byte) (Message, error) {
	msg, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		return Message{}, err
	}
	m := Message{Data: data, Header: msg.Header}
	if m.Subject, err = new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject")); err != nil {
		return Message{}, fmt.Errorf("subject: %w", err)
	}
	body, err := decode(msg.Body, msg.Header.Get("Content-Transfer-Encoding"))
	if err != nil {
		return Message{}, err
	}
	mediaType, params, err := mediaType(msg.Header.Get("Content-Type"))
	if err != nil {
		return Message{}, err
	}
	if !strings.HasPrefix(mediaType, "multipart/") {
		m.Body = text(body)
		switch mediaType {
		case "text/plain":
			m.TextBody = m.Body
		case "text/html":
			m.HTMLBody = m.Body
		}
		return m, nil
	}
	if err := m.walk(body, params["boundary"], 1); err != nil {
		return Message{}, err
	}
	m.Body = m.TextBody
	return m, nil
}

// walk reads the parts of a multipart body, descending into nested multiparts (an alternative
// inside a mixed one), and keeps the first inline text/plain and text/html parts.
func (m *Message) walk(body []byte, boundary string, depth int) error {
	if depth > maxDepth {
		return errors.New("multipart nested too deep")
	}
	if boundary == "" {
		return errors.New("multipart without boundary")
	}
	r := multipart.NewReader(bytes.NewReader(body), boundary)
	for {
		// NextRawPart, not NextPart: NextPart undoes quoted-printable itself but not base64,
		// and decode handles both the same way.
		p, err := r.NextRawPart()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		content, err := decode(p, p.Header.Get("Content-Transfer-Encoding"))
		if err != nil {
			return err
		}
		mediaType, params, err := mediaType(p.Header.Get("Content-Type"))
		if err != nil {
			return err
		}
		if strings.HasPrefix(mediaType, "multipart/") {
			if err := m.walk(content, params["boundary"], depth+1); err != nil {
				return err
			}
			continue
		}
		if attachment(p.Header) {
			continue
		}
		switch {
		case mediaType == "text/plain" && m.TextBody == "":
			m.TextBody = text(content)
		case mediaType == "text/html" && m.HTMLBody == "":
			m.HTMLBody = text(content)
		}
	}
}

// mediaType parses a Content-Type, defaulting to text/plain as RFC 2045 does when it is absent.
func mediaType(contentType string) (string, map[string]string, error) {
	if contentType == "" {
		return "text/plain", map[string]string{}, nil
	}
	t, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return "", nil, fmt.Errorf("content-type %q: %w", contentType, err)
	}
	return t, params, nil
}

func attachment(h textproto.MIMEHeader) bool {
	d, _, err := mime.ParseMediaType(h.Get("Content-Disposition"))
	return err == nil && d == "attachment"
}

// decode undoes a Content-Transfer-Encoding.
func decode(r io.Reader, encoding string) ([]byte, error) {
	switch strings.ToLower(strings.TrimSpace(encoding)) {
	case "quoted-printable":
		r = quotedprintable.NewReader(r)
	case "base64":
		// The decoder skips the CR and LF that break base64 into lines.
		r = base64.NewDecoder(base64.StdEncoding, r)
	case "", "7bit", "8bit", "binary":
	default:
		return nil, fmt.Errorf("unknown content-transfer-encoding %q", encoding)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("%s body: %w", encoding, err)
	}
	return b, nil
}

// text is decoded content as a test compares it: SMTP's CRLF line ends become "\n".
func text(b []byte) string {
	return strings.ReplaceAll(string(b), "\r\n", "\n")
}
