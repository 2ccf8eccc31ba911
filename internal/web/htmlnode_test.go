package web

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// Reading a page as a browser's accessibility tree would (golang.org/x/net/html): what a
// screen reader announces of a control, what a sighted user sees.

// parseHTML reads a page as a browser does.
func parseHTML(t *testing.T, body string) *html.Node {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	return doc
}

// attrOf is n's attribute k, and whether it has it.
func attrOf(n *html.Node, k string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == k {
			return a.Val, true
		}
	}
	return "", false
}

// elementsOf lists the elements in n (n included) that match, in page order.
func elementsOf(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && match(n) {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

// nodeText is the text in n, its runs of white space made one space.
func nodeText(n *html.Node) string { return textWithout(n, nil) }

// textWithout is the text in n without the elements skip picks.
func textWithout(n *html.Node, skip func(*html.Node) bool) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && skip != nil && skip(n) {
			return
		}
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

// elementByID is the element of id in doc, nil when none has it.
func elementByID(doc *html.Node, id string) *html.Node {
	found := elementsOf(doc, func(n *html.Node) bool { v, ok := attrOf(n, "id"); return ok && v == id })
	if len(found) == 0 {
		return nil
	}
	return found[0]
}

// announced is what a screen reader says of a form control when it gets the
// focus: its name (aria-label, aria-labelledby, the label around or for it, a button's text)
// and its description (aria-describedby).
func announced(doc, n *html.Node) string {
	var parts []string
	if v, ok := attrOf(n, "aria-label"); ok {
		parts = append(parts, v)
	}
	for _, attr := range []string{"aria-labelledby", "aria-describedby"} {
		if v, ok := attrOf(n, attr); ok {
			for _, id := range strings.Fields(v) {
				if e := elementByID(doc, id); e != nil {
					parts = append(parts, nodeText(e))
				}
			}
		}
	}
	if n.Data == "button" {
		parts = append(parts, nodeText(n))
	}
	for p := n.Parent; p != nil; p = p.Parent {
		if p.Type == html.ElementNode && p.Data == "label" {
			parts = append(parts, nodeText(p))
		}
	}
	if id, ok := attrOf(n, "id"); ok {
		for _, l := range elementsOf(doc, func(e *html.Node) bool { v, ok := attrOf(e, "for"); return e.Data == "label" && ok && v == id }) {
			parts = append(parts, nodeText(l))
		}
	}
	return strings.Join(parts, " | ")
}

// countTags counts the elements named tag in doc.
func countTags(doc *html.Node, tag string) int {
	return len(elementsOf(doc, func(n *html.Node) bool { return n.Data == tag }))
}

// visibleText is the text a sighted user sees of n: without .sr-only elements and without
// attributes such as title (a tooltip only a mouse brings up).
func visibleText(n *html.Node) string {
	return textWithout(n, func(e *html.Node) bool {
		c, _ := attrOf(e, "class")
		return strings.Contains(" "+c+" ", " sr-only ")
	})
}
