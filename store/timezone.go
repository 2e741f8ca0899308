package store

import (
	"fmt"
	"reflect"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"pingan/domain"
)

// shanghaiRegistry decodes every stored time in Asia/Shanghai, so a case read back shows the same
// offsets as the one just written (BSON keeps instants, not zones; the driver would answer UTC).
func shanghaiRegistry() *bson.Registry {
	reg := bson.NewRegistry()
	timeType := reflect.TypeOf(time.Time{})
	def, err := reg.LookupDecoder(timeType)
	if err != nil {
		panic(fmt.Sprintf("default time decoder: %v", err))
	}
	reg.RegisterTypeDecoder(timeType, bson.ValueDecoderFunc(func(dc bson.DecodeContext, vr bson.ValueReader, v reflect.Value) error {
		if err := def.DecodeValue(dc, vr, v); err != nil {
			return err
		}
		v.Set(reflect.ValueOf(v.Interface().(time.Time).In(domain.Shanghai)))
		return nil
	}))
	return reg
}
