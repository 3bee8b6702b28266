// Package typeset lays out Persian and Latin text correctly: right to left
// where it should be, with Persian letters joined, digits, dates, codes and
// Latin words in their right visual order, wrapped within a width and
// aligned in the paragraph's direction.
//
// Fyne cannot do this itself (it shapes every line as left-to-right), so the
// kiosk's text widget and its receipt both stand on this package. It uses
// only go-text/typesetting (bidi segmentation, HarfBuzz shaping, line
// wrapping) and go-text/render (rasterizing), never Fyne, so it is tested
// without a display and shared by the screens and the printer.
//
// The pipeline for each paragraph is:
//
//  1. display rules (prepare.go): numeric values with separators such as
//     1403/05/12, 1234-5678 or 0912-345-6789 are isolated so that Unicode
//     bidi cannot reverse their groups after Persian text;
//  2. shaping.Segmenter splits the text by bidi level, script and face;
//  3. HarfbuzzShaper shapes each run (joining, mirroring of parentheses in
//     right-to-left runs, ligatures);
//  4. shaping.LineWrapper wraps the runs within the width;
//  5. each line's runs are put in visual order by their bidi levels
//     (Unicode rule L2) and given x positions.
//
// A Fonts value holds one font family (regular and bold) and a cache of
// laid-out paragraphs; its methods are safe for concurrent use.
package typeset
