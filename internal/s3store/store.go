package s3store

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	tm "github.com/aws/aws-sdk-go-v2/feature/s3/transfermanager"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// Store reads and writes the objects of one store (an AWS account and
// region, or an S3-compatible endpoint) with one set of credentials.
type Store struct {
	client   *s3.Client
	transfer *tm.Client
	pageSize int32
	// endpoint names the store in messages ("" for AWS).
	endpoint string
}

// New makes a Store of the settings. It reads the shared config files
// (when the settings leave a part to them) but makes no request:
// credentials are looked up at the first call.
func New(ctx context.Context, s Settings) (*Store, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	cfg, err := s.awsConfig(ctx)
	if err != nil {
		return nil, err
	}
	c := s.client(cfg)
	part := s.PartSize
	if part == 0 {
		part = DefaultPartSize
	}
	transfer := tm.New(c, func(o *tm.Options) {
		o.PartSizeBytes, o.MultipartUploadThreshold = part, part
		o.Concurrency = 2
		o.FailTimeout = DefaultTimeout // abort a failed upload even once its context is done
		o.RequestChecksumCalculation = cfg.RequestChecksumCalculation
	})
	return &Store{client: c, transfer: transfer, pageSize: s.ListPageSize, endpoint: s.Endpoint}, nil
}

// location is a parsed s3:// URL.
type location struct {
	url, bucket, key string
}

// parseURL splits s3://bucket/key. The key may be empty (a whole bucket)
// only when keyOptional.
func parseURL(url string, keyOptional bool) (location, error) {
	rest, ok := strings.CutPrefix(url, "s3://")
	bucket, key, _ := strings.Cut(rest, "/")
	if !ok || bucket == "" || (key == "" && !keyOptional) {
		return location{}, fmt.Errorf("%s: an S3 location is s3://BUCKET/KEY, e.g. s3://my-bucket/data/sales.csv", url)
	}
	return location{url: url, bucket: bucket, key: key}, nil
}

// bucketAndKey are the input fields naming the location.
func (l location) bucketAndKey() (*string, *string) { return aws.String(l.bucket), aws.String(l.key) }
