#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "classify/classifier.h"
#include "core/result.h"

namespace lw::classify {

// A document inside a container: a MIME part, the text of a zip entry, a PDF's text.
struct Part {
  std::string name;          // attachment file name or entry path (printable, capped)
  std::string content_type;  // one of Document::content_type, "" to sniff
  std::string data;
};

// MIME e-mail: the text bodies and every attachment, decoded (GMime). mime.cpp
Result<std::vector<Part>> mime_parts(std::string_view message, const Limits& limits);

// DOCX/XLSX/PPTX (and other zip files): the text of the XML entries (word/document.xml,
// xl/sharedStrings.xml, xl/worksheets/*.xml, ...) and any other entry. Caps: entry count, total
// uncompressed bytes, compression ratio. ooxml.cpp
Result<std::vector<Part>> zip_parts(std::string_view archive, const Limits& limits);

// The visible text of XML (tags dropped; paragraph, cell and row ends as separators).
std::string xml_text(std::string_view xml);

// PDF text, page by page (poppler-cpp). pdf.cpp
Result<std::string> pdf_text(std::string_view pdf, const Limits& limits);

// A name safe to print in a location: printable ASCII, at most 80 bytes.
std::string printable_name(std::string_view name);

}  // namespace lw::classify
