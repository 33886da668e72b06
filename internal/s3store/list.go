package s3store

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/bmatcuk/doublestar/v4"

	"github.com/warehouse-loader/loader/etl/source"
)

// List returns the objects a pattern names, sorted by name:
// s3://bucket/prefix/ names every object under prefix/,
// s3://bucket/prefix/*.csv or s3://bucket/exports/**/*.parquet those
// whose key matches the glob (doublestar syntax). A listing starts at the
// part of the key before the first glob character; names are relative to
// the folder that part ends in, and the glob is matched against them.
// Objects with an element of their name that starts with "." or "_"
// (_SUCCESS, _temporary/…, .partial) are left out, as are folder markers
// (keys ending in "/").
func (st *Store) List(ctx context.Context, pattern string) ([]source.Entry, error) {
	loc, err := parseURL(pattern, true)
	if err != nil {
		return nil, err
	}
	prefix, base, glob := splitKey(loc.key)
	if glob != "" && !doublestar.ValidatePattern(glob) {
		return nil, fmt.Errorf("source %s: the glob %q is not valid; see https://github.com/bmatcuk/doublestar#patterns", pattern, glob)
	}
	in := &s3.ListObjectsV2Input{Bucket: aws.String(loc.bucket), Prefix: aws.String(prefix)}
	if st.pageSize > 0 {
		in.MaxKeys = aws.Int32(st.pageSize)
	}
	var out []source.Entry
	pages := s3.NewListObjectsV2Paginator(st.client, in)
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil, st.describe("listing", pattern, err)
		}
		for _, obj := range page.Contents {
			if e, ok := entry(loc.bucket, base, glob, obj.Key, obj.ETag, obj.Size); ok {
				out = append(out, e)
			}
		}
	}
	slices.SortFunc(out, func(a, b source.Entry) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

// splitKey splits a key pattern into the prefix to list, the folder
// names are relative to, and the glob of the rest ("" for every object).
func splitKey(key string) (prefix, base, glob string) {
	i := strings.IndexAny(key, "*?[{")
	if i < 0 {
		return key, key, ""
	}
	prefix = key[:i]
	base = prefix[:strings.LastIndex(prefix, "/")+1]
	return prefix, base, key[len(base):]
}

// entry makes the entry of a listed object, when the pattern takes it.
func entry(bucket, base, glob string, key, etag *string, size *int64) (source.Entry, bool) {
	k := aws.ToString(key)
	name, ok := strings.CutPrefix(k, base)
	if !ok || name == "" || strings.HasSuffix(name, "/") || hiddenName(name) {
		return source.Entry{}, false
	}
	if glob != "" {
		if ok, _ := doublestar.Match(glob, name); !ok {
			return source.Entry{}, false
		}
	}
	n := aws.ToInt64(size)
	return source.Entry{
		Path:  "s3://" + bucket + "/" + k,
		Name:  name,
		Stamp: strings.Trim(aws.ToString(etag), `"`) + ":" + strconv.FormatInt(n, 10),
		Size:  n,
	}, true
}

// hiddenName reports whether an element of name starts with "." or "_",
// as the local listing leaves out such files and folders.
func hiddenName(name string) bool {
	for el := range strings.SplitSeq(name, "/") {
		if strings.HasPrefix(el, ".") || strings.HasPrefix(el, "_") {
			return true
		}
	}
	return false
}
