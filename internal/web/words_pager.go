package web

// The words of the pager every paged list shows (list_order.go, templates/pager.html).
func init() {
	addWords(map[string]map[string]string{
		"nl": {
			"pager_pages": "Pagina's", "pager_prev": "← Vorige", "pager_next": "Volgende →", "pager_page_of": "pagina %s van %s",
		},
		"en": {
			"pager_pages": "Pages", "pager_prev": "← Previous", "pager_next": "Next →", "pager_page_of": "page %s of %s",
		},
	})
}
