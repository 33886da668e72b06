// Package mongodbsource is the mongodb source kind: the documents of one
// MongoDB collection (or of a server that speaks its protocol, such as
// FerretDB), read in the order of a unique increasing key, one page at a
// time, and resumed after the last key committed. Pipeline files name it
// `source: {mongodb: {...}}`; Go code builds one with New.
//
// Each page is the query {$and: [filter, {key: {$gt: last}}]} sorted by
// the key and limited to the page size (keyset pagination): the
// checkpoint's cursor holds the last key committed, as canonical extended
// JSON, so its BSON type (ObjectID, int32, int64, string, date...)
// round-trips exactly. A rerun reads only the documents with a greater
// key; documents updated or deleted behind the cursor are not seen again.
//
// The columns are listed in the settings: top-level fields or dotted
// paths into nested documents (address.city). Values become ObjectID →
// hex text, date → UTC time, Decimal128 → exact decimal, int32/int64 →
// int64, double → float64, boolean → bool, string → string, null or a
// missing field → NULL, and anything else (a nested document, an array,
// binary data...) → its relaxed extended JSON text. Rest, when set, names
// one more column holding the rest of the document (what no column names)
// as relaxed extended JSON.
package mongodbsource
