// Package s3store reads and writes objects of S3 and of S3-compatible
// stores (MinIO, versitygw, Ceph RGW) through aws-sdk-go-v2: objects as
// the file sources' blobs (ranged GETs, each checked against the ETag the
// object had when opened), listings of a prefix or a glob for sources of
// many files, and streamed multipart uploads for exports.
//
// Importing the package registers the s3:// scheme with etl/source (an
// opener and a lister) using the settings given to Configure; cmd/loader
// reads them from the environment. Library code here reads none.
package s3store
