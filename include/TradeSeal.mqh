//+------------------------------------------------------------------+
//| TradeSeal.mqh: tradeseal for MetaTrader 5 (MQL5).                |
//|                                                                  |
//| Copy tradeseal.dll to <data folder>/MQL5/Libraries and this file |
//| to <data folder>/MQL5/Include, and enable "Allow DLL imports".    |
//|                                                                  |
//| The #import block mirrors include/tradeseal.h (scripts/          |
//| test-mql5.sh checks every name and parameter). C types map to:   |
//| uint8_t* -> uchar &[], size_t -> long, size_t* -> ulong &,       |
//| handle -> long, handle* (out) -> long &, uint32_t -> uint,       |
//| const uint16_t* -> string (UTF-16), tseal_status -> int.         |
//|                                                                  |
//| The classes hide handles and buffers. Objects own a DLL handle:  |
//| pass them by reference, never copy them. One object may be used  |
//| by several EAs' threads at once.                                 |
//+------------------------------------------------------------------+

#import "tradeseal.dll"
int   tseal_version_copy(uchar &out[], ulong &out_len);
uint  tseal_abi_version();
int   tseal_status_name_copy(int status, uchar &out[], ulong &out_len);
int   tseal_last_error_message(uchar &out[], ulong &out_len);
int   tseal_random_fill(uchar &out[], long len);
int   tseal_hex_encode(const uchar &bytes[], long bytes_len, uchar &out[], ulong &out_len);
int   tseal_hex_decode(const uchar &hex[], long hex_len, uchar &out[], ulong &out_len);
int   tseal_utf16_to_utf8(const string s, long len, uchar &out[], ulong &out_len);
int   tseal_keyring_new(long &out);
void  tseal_keyring_free(long keyring);
int   tseal_keyring_insert(long keyring, uint key_id, const uchar &key[], long key_len);
int   tseal_keyring_promote(long keyring, uint key_id);
int   tseal_keyring_retire(long keyring, uint key_id);
int   tseal_keyring_primary_id(long keyring, uint &key_id);
int   tseal_keyring_sign(long keyring, const uchar &msg[], long msg_len, uint &key_id, uchar &tag[], ulong &tag_len);
int   tseal_keyring_verify(long keyring, uint key_id, const uchar &msg[], long msg_len, const uchar &tag[], long tag_len);
ulong tseal_mac_tag_bytes();
ulong tseal_mac_key_bytes();
int   tseal_mac_key_new(const uchar &key[], long key_len, long &out);
int   tseal_mac_key_new_short(const uchar &key[], long key_len, long &out);
int   tseal_mac_key_generate(long &out);
void  tseal_mac_key_free(long key);
int   tseal_mac_sign(long key, const uchar &msg[], long msg_len, uchar &tag[], ulong &tag_len);
int   tseal_mac_verify(long key, const uchar &msg[], long msg_len, const uchar &tag[], long tag_len);
#import

// Status codes used below (the full list is in tradeseal.h; names come from TradeSealStatusName).
#define TSEAL_OK               0
#define TSEAL_BUFFER_TOO_SMALL 2

//--- Helpers ---------------------------------------------------------

// The TSEAL_* name of a status code, e.g. "TSEAL_INVALID_SIGNATURE".
string TradeSealStatusName(const int status)
  {
   uchar buf[64];
   ulong len = 64;
   if(tseal_status_name_copy(status, buf, len) != TSEAL_OK)
      return "TSEAL_UNKNOWN_STATUS";
   return CharArrayToString(buf, 0, (int)len, CP_UTF8);
  }

// What the last failed tradeseal call on this thread reported (name and message).
string TradeSealLastError()
  {
   uchar buf[256];
   ulong len = 256;
   if(tseal_last_error_message(buf, len) != TSEAL_OK)
      return "";
   return CharArrayToString(buf, 0, (int)len, CP_UTF8);
  }

// The library version, e.g. "0.1.0".
string TradeSealVersion()
  {
   uchar buf[64];
   ulong len = 64;
   if(tseal_version_copy(buf, len) != TSEAL_OK)
      return "";
   return CharArrayToString(buf, 0, (int)len, CP_UTF8);
  }

// `text` as UTF-8 bytes, without the trailing NUL StringToCharArray would add, through the DLL's strict
// converter: a string with an unpaired surrogate fails (TSEAL_INVALID_UTF16) instead of becoming '?'.
int TradeSealUtf8(const string text, uchar &out[])
  {
   int chars = StringLen(text);
   ulong len = (ulong)chars * 3;
   ArrayResize(out, (int)len);
   int status = tseal_utf16_to_utf8(text, chars, out, len);
   ArrayResize(out, status == TSEAL_OK ? (int)len : 0);
   return status;
  }

// Hex text (e.g. a key from an input parameter) as bytes.
int TradeSealFromHex(const string hex, uchar &out[])
  {
   uchar text[];
   int status = TradeSealUtf8(hex, text);
   if(status != TSEAL_OK)
      return status;
   ulong len = (ulong)ArraySize(text) / 2;
   ArrayResize(out, (int)len);
   status = tseal_hex_decode(text, ArraySize(text), out, len);
   ArrayResize(out, status == TSEAL_OK ? (int)len : 0);
   return status;
  }

// Bytes as lowercase hex text (for logs and text transports).
string TradeSealToHex(const uchar &bytes[])
  {
   uchar text[];
   ulong len = (ulong)ArraySize(bytes) * 2;
   ArrayResize(text, (int)len);
   if(tseal_hex_encode(bytes, ArraySize(bytes), text, len) != TSEAL_OK)
      return "";
   return CharArrayToString(text, 0, (int)len, CP_UTF8);
  }

//--- Keys --------------------------------------------------------------

// A keyring of HMAC-SHA256 keys (ids are uint). Rotation: AddKey the new key everywhere, then Promote it on
// the senders, then Retire the old one.
class CTradeSealKeyring
  {
protected:
   long              m_ring;
   int               m_status;

   bool              Check(const int status) { m_status = status; return status == TSEAL_OK; }

public:
                     CTradeSealKeyring() : m_ring(0) { m_status = tseal_keyring_new(m_ring); }
                    ~CTradeSealKeyring() { tseal_keyring_free(m_ring); }

   // TSEAL_OK or the status of the last failed call; StatusName() gives its TSEAL_* name.
   int               Status() const { return m_status; }
   string            StatusName() const { return TradeSealStatusName(m_status); }

   // Adds a key of at least 32 bytes, given as 64 hex characters; `primary` also makes it the signing key.
   bool              AddKey(const uint key_id, const string key_hex, const bool primary)
     {
      uchar key[];
      if(!Check(TradeSealFromHex(key_hex, key)))
         return false;
      bool ok = Check(tseal_keyring_insert(m_ring, key_id, key, ArraySize(key)));
      ArrayFill(key, 0, ArraySize(key), 0);
      return ok && (!primary || Check(tseal_keyring_promote(m_ring, key_id)));
     }
   bool              Promote(const uint key_id) { return Check(tseal_keyring_promote(m_ring, key_id)); }
   bool              Retire(const uint key_id)  { return Check(tseal_keyring_retire(m_ring, key_id)); }
  };

// Signs messages with the keyring's primary key.
class CTradeSealSigner : public CTradeSealKeyring
  {
public:
   // HMAC-SHA256 tag of `text` (UTF-8) in `tag`, and the id of the key that made it in `key_id`.
   bool              Sign(const string text, uint &key_id, uchar &tag[])
     {
      uchar msg[];
      if(!Check(TradeSealUtf8(text, msg)))
         return false;
      ulong len = tseal_mac_tag_bytes();
      ArrayResize(tag, (int)len);
      bool ok = Check(tseal_keyring_sign(m_ring, msg, ArraySize(msg), key_id, tag, len));
      ArrayResize(tag, ok ? (int)len : 0);
      return ok;
     }
  };

// Verifies messages with whichever key of the ring they name.
class CTradeSealVerifier : public CTradeSealKeyring
  {
public:
   // true when `tag` is the tag of `text` under key `key_id`; otherwise Status() is TSEAL_UNKNOWN_KEY or
   // TSEAL_INVALID_SIGNATURE. The comparison runs in the DLL, in constant time.
   bool              Verify(const string text, const uint key_id, const uchar &tag[])
     {
      uchar msg[];
      if(!Check(TradeSealUtf8(text, msg)))
         return false;
      return Check(tseal_keyring_verify(m_ring, key_id, msg, ArraySize(msg), tag, ArraySize(tag)));
     }
  };
//+------------------------------------------------------------------+
