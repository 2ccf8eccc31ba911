// Package cells reads the values of a cell as people write them, by one rule each: a
// timestamp (ParseTime) and a decimal number (ParseDecimal), with their messages in English
// and Dutch. The canonical importer and the mapping of a tool's export both read cells here,
// so a date or an amount reads the same whichever way a file comes in.
package cells
