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
ulong tseal_aead_key_bytes();
ulong tseal_aead_tag_bytes();
ulong tseal_aead_max_nonce_bytes();
int   tseal_sealing_key_new(uchar algorithm, const uchar &key[], long key_len, long &out);
int   tseal_sealing_key_generate(uchar algorithm, long &out);
void  tseal_sealing_key_free(long key);
int   tseal_aead_seal(long key, const uchar &aad[], long aad_len, const uchar &plaintext[],
                      long plaintext_len, uchar &out[], ulong &out_len);
int   tseal_aead_seal_in_place(long key, const uchar &aad[], long aad_len, uchar &sealed_box[],
                               long sealed_box_len);
int   tseal_aead_open(long key, const uchar &aad[], long aad_len, const uchar &sealed[], long sealed_len,
                      uchar &out[], ulong &out_len);
int   tseal_less_safe_key_new(uchar algorithm, const uchar &key[], long key_len, long &out);
void  tseal_less_safe_key_free(long key);
int   tseal_aead_seal_less_safe(long key, const uchar &nonce[], long nonce_len, const uchar &aad[],
                                long aad_len, const uchar &plaintext[], long plaintext_len, uchar &out[],
                                ulong &out_len);
int   tseal_aead_open_less_safe(long key, const uchar &nonce[], long nonce_len, const uchar &aad[],
                                long aad_len, const uchar &sealed[], long sealed_len, uchar &out[],
                                ulong &out_len);
ulong tseal_ed25519_signature_bytes();
ulong tseal_ed25519_public_key_bytes();
int   tseal_ed25519_key_from_seed(const uchar &seed[], long seed_len, long &out);
int   tseal_ed25519_key_generate(long &out);
void  tseal_ed25519_key_free(long key);
int   tseal_ed25519_public_key(long key, uchar &out[], ulong &out_len);
int   tseal_ed25519_sign(long key, const uchar &msg[], long msg_len, uchar &sig[], ulong &sig_len);
int   tseal_ed25519_verify(const uchar &public_key[], long public_key_len, const uchar &msg[], long msg_len,
                           const uchar &sig[], long sig_len);
ulong tseal_envelope_max_aad_bytes();
int   tseal_sealing_keyring_new(long &out);
void  tseal_sealing_keyring_free(long keyring);
int   tseal_sealing_keyring_insert(long keyring, uint key_id, uchar algorithm, const uchar &key[],
                                   long key_len);
int   tseal_sealing_keyring_promote(long keyring, uint key_id);
int   tseal_sealing_keyring_retire(long keyring, uint key_id);
int   tseal_envelope_seal(long keyring, const uchar &aad[], long aad_len, const uchar &plaintext[],
                          long plaintext_len, uchar &out[], ulong &out_len);
int   tseal_envelope_open(long keyring, const uchar &aad[], long aad_len, const uchar &envelope[],
                          long envelope_len, uchar &out[], ulong &out_len);
int   tseal_envelope_seal_with_nonce_less_safe(uint key_id, long key, const uchar &nonce[], long nonce_len,
                                               const uchar &aad[], long aad_len, const uchar &plaintext[],
                                               long plaintext_len, uchar &out[], ulong &out_len);
ulong tseal_frame_overhead_bytes();
ulong tseal_max_frame_payload();
int   tseal_frame_sign(long keyring, ulong stream_id, ulong sequence, ulong timestamp_ns,
                       const uchar &payload[], long payload_len, uchar &out[], ulong &out_len);
int   tseal_frame_verify(long keyring, const uchar &signed_frame[], long signed_frame_len, long max_payload,
                         uint &key_id, ulong &stream_id, ulong &sequence, ulong &timestamp_ns,
                         uchar &payload[], ulong &payload_len);
ulong tseal_default_max_gap_age_ms();
ulong tseal_default_max_missing();
ulong tseal_default_max_streams();
ulong tseal_default_reserve_ahead();
int   tseal_guard_new(ulong window, ulong max_gap_age_ms, ulong max_missing, long max_streams, long &out);
int   tseal_guard_open(const uchar &path[], long path_len, ulong window, ulong max_gap_age_ms, ulong max_missing,
                     long max_streams, ulong reserve_ahead, long &out);
void  tseal_guard_free(long guard);
int   tseal_guard_check(long guard, const uchar &stream[], long stream_len, ulong seq, ulong now_ms);
int   tseal_guard_accept(long guard, const uchar &stream[], long stream_len, ulong seq, ulong now_ms,
                         uchar &state);
int   tseal_guard_state(long guard, const uchar &stream[], long stream_len, ulong now_ms, uchar &state);
int   tseal_guard_missing(long guard, const uchar &stream[], long stream_len, ulong &ranges[],
                          ulong &ranges_len);
int   tseal_guard_resync(long guard, const uchar &stream[], long stream_len);
int   tseal_signal_verifier_new(ulong max_age_ms, ulong max_future_ms, long max_volume_units,
                                uchar max_volume_decimals, ulong window, ulong max_gap_age_ms,
                                ulong max_missing, long max_streams, long &out);
void  tseal_signal_verifier_free(long verifier);
int   tseal_signal_verifier_verify(long verifier, long keyring, const uchar &signed_signal[],
                                   long signed_signal_len, ulong now_ms, uint &key_id,
                                   uchar &subscription_id[], ulong &subscription_id_len, ulong &sequence,
                                   ulong &generated_at_ms, uchar &symbol[], ulong &symbol_len,
                                   uchar &order_type, long &volume_units, uchar &volume_decimals,
                                   long &price_units, uchar &price_decimals);
int   tseal_request_verifier_new(ulong max_age_ms, ulong max_future_ms, long nonce_capacity, uint per_second,
                                 uint burst, long max_keys, long &out);
void  tseal_request_verifier_free(long verifier);
int   tseal_request_verifier_verify(long verifier, long secret, const uchar &api_key[], long api_key_len,
                                    const uchar &method[], long method_len, const uchar &path[],
                                    long path_len, const uchar &timestamp[], long timestamp_len,
                                    const uchar &nonce[], long nonce_len, const uchar &body[], long body_len,
                                    const uchar &signature[], long signature_len, ulong now_ms);
ulong tseal_hkdf_prk_bytes();
int   tseal_hkdf_extract(const uchar &salt[], long salt_len, const uchar &ikm[], long ikm_len, uchar &prk[],
                         ulong &prk_len);
int   tseal_hkdf_expand(const uchar &prk[], long prk_len, const uchar &info[], long info_len, uchar &okm[],
                        long okm_len);
int   tseal_kdf_derive(const uchar &master[], long master_len, const uchar &label[], long label_len,
                       const uchar &context[], long context_len, uchar &out[], long out_len);
int   tseal_argon2id(const uchar &password[], long password_len, const uchar &salt[], long salt_len,
                     uint memory_kib, uint passes, uint lanes, uchar &out[], long out_len);
int   tseal_keyring_new(long &out);
void  tseal_keyring_free(long keyring);
int   tseal_keyring_insert(long keyring, uint key_id, const uchar &key[], long key_len);
int   tseal_keyring_promote(long keyring, uint key_id);
int   tseal_keyring_retire(long keyring, uint key_id);
int   tseal_keyring_primary_id(long keyring, uint &key_id);
int   tseal_keyring_sign(long keyring, const uchar &msg[], long msg_len, uint &key_id, uchar &tag[],
                         ulong &tag_len);
int   tseal_keyring_verify(long keyring, uint key_id, const uchar &msg[], long msg_len, const uchar &tag[],
                           long tag_len);
ulong tseal_max_legacy_line_bytes();
ulong tseal_legacy_signature_hex_bytes();
int   tseal_legacy_sign(long key, const uchar &subscription_id[], long subscription_id_len, ulong sequence,
                        ulong generated_at_ms, const uchar &symbol[], long symbol_len, uchar order_type,
                        double volume, double price, uchar &line[], ulong &line_len, uchar &signature[],
                        ulong &signature_len);
int   tseal_legacy_verify(long key, const uchar &line[], long line_len, const uchar &signature[],
                          long signature_len, uchar &subscription_id[], ulong &subscription_id_len,
                          ulong &sequence, ulong &generated_at_ms, uchar &symbol[], ulong &symbol_len,
                          uchar &order_type, long &volume_units, uchar &volume_decimals, long &price_units,
                          uchar &price_decimals);
ulong tseal_mac_tag_bytes();
ulong tseal_mac_key_bytes();
int   tseal_mac_key_new(const uchar &key[], long key_len, long &out);
int   tseal_mac_key_new_short(const uchar &key[], long key_len, long &out);
int   tseal_mac_key_generate(long &out);
void  tseal_mac_key_free(long key);
int   tseal_mac_sign(long key, const uchar &msg[], long msg_len, uchar &tag[], ulong &tag_len);
int   tseal_mac_verify(long key, const uchar &msg[], long msg_len, const uchar &tag[], long tag_len);
ulong tseal_noise_key_bytes();
ulong tseal_noise_max_message_bytes();
ulong tseal_noise_max_overhead_bytes();
int   tseal_noise_keypair_generate(uchar &private_key[], ulong &private_key_len, uchar &public_key[],
                                   ulong &public_key_len);
int   tseal_noise_public_key(const uchar &private_key[], long private_key_len, uchar &public_key[],
                             ulong &public_key_len);
int   tseal_noise_encode_frame(const uchar &message[], long message_len, uchar &out[], ulong &out_len);
int   tseal_noise_builder_new(const uchar &protocol[], long protocol_len, long &out);
void  tseal_noise_builder_free(long builder);
int   tseal_noise_builder_prologue(long builder, const uchar &prologue[], long prologue_len);
int   tseal_noise_builder_local_private_key(long builder, const uchar &private_key[], long private_key_len);
int   tseal_noise_builder_remote_public_key(long builder, const uchar &public_key[], long public_key_len);
int   tseal_noise_builder_psk(long builder, const uchar &psk[], long psk_len);
int   tseal_noise_builder_allow_peer(long builder, const uchar &public_key[], long public_key_len);
int   tseal_noise_builder_limits(long builder, ulong max_age_ms, ulong max_messages, ulong idle_timeout_ms,
                                 ulong rekey_interval);
int   tseal_noise_default_limits(ulong &max_age_ms, ulong &max_messages, ulong &idle_timeout_ms,
                                 ulong &rekey_interval);
int   tseal_noise_builder_transport_mode(long builder, uchar mode);
int   tseal_noise_builder_build_initiator(long builder, ulong now_ms, long &out);
int   tseal_noise_builder_build_responder(long builder, ulong now_ms, long &out);
void  tseal_noise_session_free(long session);
int   tseal_noise_session_state(long session, uchar &state, uchar &my_turn);
int   tseal_noise_session_handshake_hash(long session, uchar &out[], ulong &out_len);
int   tseal_noise_session_write(long session, ulong now_ms, const uchar &payload[], long payload_len,
                                uchar &out[], ulong &out_len);
int   tseal_noise_session_read(long session, ulong now_ms, const uchar &message[], long message_len,
                               uchar &out[], ulong &out_len);
ulong tseal_noise_export_max_bytes();
int   tseal_noise_frame_decoder_new(long &out);
void  tseal_noise_frame_decoder_free(long decoder);
int   tseal_noise_frame_decoder_feed(long decoder, const uchar &input[], long input_len, ulong &consumed);
int   tseal_noise_frame_decoder_take(long decoder, uchar &out[], ulong &out_len, uchar &has_frame);
int   tseal_noise_builder_import_session(long builder, ulong now_ms, long keyring, const uchar &exported[],
                                         long exported_len, long &out);
int   tseal_noise_session_is_initiator(long session, uchar &initiator);
int   tseal_noise_session_protocol(long session, uchar &out[], ulong &out_len);
int   tseal_noise_session_remote_static(long session, uchar &out[], ulong &out_len);
int   tseal_noise_session_is_near_expiry(long session, ulong now_ms, uchar &near_expiry);
int   tseal_noise_session_renew(long session, ulong now_ms, long &out);
int   tseal_noise_session_export(long session, ulong now_ms, long keyring, ulong reserve, uchar &out[],
                                 ulong &out_len);
int   tseal_replay_window_new(ulong size, long &out);
void  tseal_replay_window_free(long window);
int   tseal_replay_window_check(long window, ulong seq);
int   tseal_replay_window_commit(long window, ulong seq);
int   tseal_time_window_check(ulong max_age_ms, ulong max_future_ms, ulong timestamp_ms, ulong now_ms);
int   tseal_nonce_cache_new(ulong max_age_ms, ulong max_future_ms, long capacity, long &out);
void  tseal_nonce_cache_free(long cache);
int   tseal_nonce_cache_insert(long cache, const uchar &scope[], long scope_len, ulong timestamp_ms,
                               const uchar &nonce[], long nonce_len, ulong now_ms);
int   tseal_rate_limiter_new(uint per_second, uint burst, long max_keys, long &out);
void  tseal_rate_limiter_free(long limiter);
int   tseal_rate_limiter_acquire(long limiter, const uchar &key[], long key_len, ulong now_ms);
int   tseal_decimal_parse(const uchar &text[], long text_len, long &units, uchar &decimals);
int   tseal_price_guard_check(ulong max_pips, long pip_units, uchar pip_decimals, long price_units,
                              uchar price_decimals, long reference_units, uchar reference_decimals);
ulong tseal_request_signature_hex_bytes();
int   tseal_request_sign(long key, const uchar &api_key[], long api_key_len, const uchar &method[],
                         long method_len, const uchar &path[], long path_len, ulong timestamp_ms,
                         const uchar &nonce[], long nonce_len, const uchar &body[], long body_len,
                         uchar &signature[], ulong &signature_len);
int   tseal_request_verify(long key, const uchar &method[], long method_len, const uchar &path[],
                           long path_len, const uchar &timestamp[], long timestamp_len, const uchar &nonce[],
                           long nonce_len, const uchar &body[], long body_len, const uchar &signature[],
                           long signature_len);
ulong tseal_max_signed_signal_bytes();
ulong tseal_max_symbol_bytes();
ulong tseal_subscription_id_text_bytes();
int   tseal_decimal_from_f64(double value, uchar decimals, long &units);
int   tseal_signal_sign(long keyring, const uchar &subscription_id[], long subscription_id_len,
                        ulong sequence, ulong generated_at_ms, const uchar &symbol[], long symbol_len,
                        uchar order_type, long volume_units, uchar volume_decimals, long price_units,
                        uchar price_decimals, uchar &out[], ulong &out_len);
int   tseal_signal_verify(long keyring, const uchar &signed_signal[], long signed_signal_len, uint &key_id,
                          uchar &subscription_id[], ulong &subscription_id_len, ulong &sequence,
                          ulong &generated_at_ms, uchar &symbol[], ulong &symbol_len, uchar &order_type,
                          long &volume_units, uchar &volume_decimals, long &price_units,
                          uchar &price_decimals);
int   tseal_utf16_to_utf8(const string s, long len, uchar &out[], ulong &out_len);
ulong tseal_default_max_age_ms();
ulong tseal_default_max_future_ms();
int   tseal_time_window_oldest(ulong max_age_ms, ulong max_future_ms, ulong now_ms, ulong &oldest_ms);
int   tseal_clock_offset_new(long &out);
void  tseal_clock_offset_free(long offset);
int   tseal_clock_offset_observe(long offset, ulong sent_ms, ulong received_ms);
int   tseal_clock_offset_estimate(long offset, uchar &known, long &estimate_ms);
ulong tseal_max_decimals();
int   tseal_decimal_format(long units, uchar decimals, uchar &out[], ulong &out_len);
ulong tseal_ed25519_seed_bytes();
int   tseal_ed25519_key_seed(long key, uchar &out[], ulong &out_len);
int   tseal_sealing_keyring_primary_id(long keyring, uint &key_id);
int   tseal_sealing_keyring_ids(long keyring, uint &ids[], ulong &ids_len);
int   tseal_frame_parse(const uchar &signed_frame[], long signed_frame_len, long max_payload, uint &key_id,
                        ulong &stream_id);
ulong tseal_max_gap_ranges();
int   tseal_gap_tracker_new(ulong max_gap_age_ms, ulong max_missing, long &out);
int   tseal_gap_tracker_new_after(ulong max_gap_age_ms, ulong max_missing, ulong seq, long &out);
void  tseal_gap_tracker_free(long tracker);
int   tseal_gap_tracker_record(long tracker, ulong seq, ulong now_ms, uchar &state);
int   tseal_gap_tracker_state(long tracker, ulong now_ms, uchar &state);
int   tseal_gap_tracker_check(long tracker, ulong now_ms);
int   tseal_gap_tracker_resync(long tracker);
int   tseal_gap_tracker_progress(long tracker, ulong &highest, ulong &missing_count);
int   tseal_gap_tracker_missing(long tracker, ulong &ranges[], ulong &ranges_len);
int   tseal_guard_accept_sent_at(long guard, const uchar &stream[], long stream_len, ulong seq, ulong sent_ms,
                                 ulong now_ms, uchar &state);
int   tseal_guard_clock_offset(long guard, const uchar &stream[], long stream_len, uchar &known,
                               long &offset_ms);
int   tseal_guard_len(long guard, ulong &streams);
int   tseal_signal_verifier_state(long verifier, const uchar &stream[], long stream_len, ulong now_ms,
                                  uchar &state);
int   tseal_signal_verifier_missing(long verifier, const uchar &stream[], long stream_len, ulong &ranges[],
                                    ulong &ranges_len);
int   tseal_signal_verifier_resync(long verifier, const uchar &stream[], long stream_len);
int   tseal_signal_verifier_clock_offset(long verifier, const uchar &stream[], long stream_len, uchar &known,
                                         long &offset_ms);
ulong tseal_min_master_key_bytes();
ulong tseal_min_salt_bytes();
int   tseal_password_params_default(uint &memory_kib, uint &passes, uint &lanes);
int   tseal_master_key_new(const uchar &key[], long key_len, long &out);
int   tseal_master_key_generate(long &out);
int   tseal_master_key_from_password(const uchar &password[], long password_len, const uchar &salt[],
                                     long salt_len, uint memory_kib, uint passes, uint lanes, long &out);
void  tseal_master_key_free(long master);
int   tseal_master_key_derive(long master, const uchar &label[], long label_len, const uchar &context[],
                              long context_len, uchar &out[], long out_len);
int   tseal_master_key_mac_key(long master, const uchar &context[], long context_len, long &out);
int   tseal_master_key_sealing_key(long master, uchar algorithm, const uchar &context[], long context_len,
                                   long &out);
int   tseal_master_key_ed25519_key(long master, const uchar &context[], long context_len, long &out);
int   tseal_keyring_ids(long keyring, uint &ids[], ulong &ids_len);
int   tseal_mac_key_from_hex(const uchar &hex[], long hex_len, long &out);
int   tseal_replay_window_new_after(ulong size, ulong seq, long &out);
int   tseal_replay_window_top(long window, ulong &top);
int   tseal_nonce_cache_check(long cache, const uchar &scope[], long scope_len, ulong timestamp_ms,
                              const uchar &nonce[], long nonce_len, ulong now_ms);
int   tseal_nonce_cache_len(long cache, ulong &nonces);
int   tseal_rate_limiter_tracked_keys(long limiter, ulong &keys);
int   tseal_signal_parse(const uchar &signed_signal[], long signed_signal_len, uint &key_id,
                         uchar &subscription_id[], ulong &subscription_id_len, ulong &sequence);
ulong tseal_subscription_id_bytes();
int   tseal_subscription_id_parse(const uchar &text[], long text_len, uchar &out[], ulong &out_len);
int   tseal_subscription_id_format(const uchar &id[], long id_len, uchar &out[], ulong &out_len);
int   tseal_aead_nonce_bytes(uchar algorithm, ulong &nonce_len);
int   tseal_aead_algorithm_name(uchar algorithm, uchar &out[], ulong &out_len);
int   tseal_sealing_key_algorithm(long key, uchar &algorithm);
int   tseal_stream_state_name(uchar state, uchar &out[], ulong &out_len);
ulong tseal_max_request_method_bytes();
ulong tseal_max_request_path_bytes();
ulong tseal_max_request_nonce_bytes();
int   tseal_order_type_name(uchar order_type, uchar &out[], ulong &out_len);
int   tseal_order_type_parse(const uchar &name[], long name_len, uchar &order_type);
int   tseal_symbol_check(const uchar &symbol[], long symbol_len);
#import

// Status codes used below (the full list is in tradeseal.h; names come from TradeSealStatusName).
#define TSEAL_OK               0

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

//--- Signals -----------------------------------------------------------

// A trading signal (signal v1, docs/WIRE.md). Volume and price are fixed-point, units / 10^decimals, so
// they are signed and compared exactly; Set*/Volume()/Price() convert from and to MQL5 doubles.
struct TradeSealSignal
  {
   string            subscription_id; // UUID text
   ulong             sequence;        // grows by one per signal of the subscription, never 0
   ulong             generated_at_ms; // Unix time in milliseconds (TimeGMT() * 1000)
   string            symbol;
   uchar             order_type;      // an ENUM_ORDER_TYPE value
   long              volume_units;
   uchar             volume_decimals;
   long              price_units;
   uchar             price_decimals;

   // `volume` rounded to `decimals` places exactly as printf("%.*f") does (0.1 becomes 10 units of 0.01).
   int               SetVolume(const double volume, const uchar decimals)
     {
      volume_decimals = decimals;
      return tseal_decimal_from_f64(volume, decimals, volume_units);
     }
   int               SetPrice(const double price, const uchar decimals)
     {
      price_decimals = decimals;
      return tseal_decimal_from_f64(price, decimals, price_units);
     }
   double            Volume() const { return (double)volume_units / MathPow(10, volume_decimals); }
   double            Price() const  { return (double)price_units / MathPow(10, price_decimals); }
  };

// The text fields a verify call wrote into caller buffers.
void TradeSealSetText(TradeSealSignal &signal, const uchar &id[], const ulong id_len, const uchar &symbol[],
                      const ulong symbol_len)
  {
   signal.subscription_id = CharArrayToString(id, 0, (int)id_len, CP_UTF8);
   signal.symbol = CharArrayToString(symbol, 0, (int)symbol_len, CP_UTF8);
  }

// TSEAL_OK when `price` is at most `max_pips` pips of `pip` from `reference` (prices at `digits` places);
// otherwise TSEAL_PRICE_DEVIATION. The comparison is exact, in fixed point, inside the DLL.
int TradeSealCheckPrice(const TradeSealSignal &signal, const double reference, const uchar digits,
                        const ulong max_pips, const double pip)
  {
   long reference_units, pip_units;
   int status = tseal_decimal_from_f64(reference, digits, reference_units);
   if(status == TSEAL_OK)
      status = tseal_decimal_from_f64(pip, digits, pip_units);
   if(status != TSEAL_OK)
      return status;
   return tseal_price_guard_check(max_pips, pip_units, digits, signal.price_units, signal.price_decimals,
                                  reference_units, digits);
  }

//--- Keys --------------------------------------------------------------

// What every class shares: the status of its last call.
class CTradeSealObject
  {
protected:
   int               m_status;

   bool              Check(const int status) { m_status = status; return status == TSEAL_OK; }

public:
                     CTradeSealObject() : m_status(TSEAL_OK) {}

   // TSEAL_OK or the status of the last failed call; StatusName() gives its TSEAL_* name.
   int               Status() const { return m_status; }
   string            StatusName() const { return TradeSealStatusName(m_status); }
  };

// A keyring of HMAC-SHA256 keys (ids are uint). Rotation: AddKey the new key everywhere, then Promote it on
// the senders, then Retire the old one.
class CTradeSealKeyring : public CTradeSealObject
  {
protected:
   long              m_ring;

public:
                     CTradeSealKeyring() : m_ring(0) { Check(tseal_keyring_new(m_ring)); }
                    ~CTradeSealKeyring() { tseal_keyring_free(m_ring); }

   // The DLL handle, for CTradeSealReplayGuard::Accept.
   long              Handle() const { return m_ring; }

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

// Signs with the keyring's primary key.
class CTradeSealSigner : public CTradeSealKeyring
  {
public:
   // The signed signal packet (at most tseal_max_signed_signal_bytes()) in `packet`.
   bool              SignSignal(const TradeSealSignal &signal, uchar &packet[])
     {
      uchar id[], symbol[];
      if(!Check(TradeSealUtf8(signal.subscription_id, id)) || !Check(TradeSealUtf8(signal.symbol, symbol)))
         return false;
      ulong len = tseal_max_signed_signal_bytes();
      ArrayResize(packet, (int)len);
      bool ok = Check(tseal_signal_sign(m_ring, id, ArraySize(id), signal.sequence, signal.generated_at_ms,
                                        symbol, ArraySize(symbol), signal.order_type, signal.volume_units,
                                        signal.volume_decimals, signal.price_units, signal.price_decimals,
                                        packet, len));
      ArrayResize(packet, ok ? (int)len : 0);
      return ok;
     }

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

// Verifies with whichever key of the ring a message names. Signature only: to also drop replays and stale
// signals use CTradeSealReplayGuard::Accept.
class CTradeSealVerifier : public CTradeSealKeyring
  {
public:
   // The fields of a signed signal packet whose signature verified; otherwise Status() says why
   // (TSEAL_INVALID_SIGNATURE, TSEAL_UNKNOWN_KEY, TSEAL_TRUNCATED, ...).
   bool              VerifySignal(const uchar &packet[], TradeSealSignal &signal)
     {
      uint key_id;
      uchar id[64], symbol[64];
      ulong id_len = 64, symbol_len = 64;
      if(!Check(tseal_signal_verify(m_ring, packet, ArraySize(packet), key_id, id, id_len, signal.sequence,
                                    signal.generated_at_ms, symbol, symbol_len, signal.order_type,
                                    signal.volume_units, signal.volume_decimals, signal.price_units,
                                    signal.price_decimals)))
         return false;
      TradeSealSetText(signal, id, id_len, symbol, symbol_len);
      return true;
     }

   // true when `tag` is the tag of `text` under key `key_id`. The comparison runs in the DLL, in constant time.
   bool              Verify(const string text, const uint key_id, const uchar &tag[])
     {
      uchar msg[];
      if(!Check(TradeSealUtf8(text, msg)))
         return false;
      return Check(tseal_keyring_verify(m_ring, key_id, msg, ArraySize(msg), tag, ArraySize(tag)));
     }
  };

// The receiver's pipeline for signal packets: replay and gap pre-check, signature, the signal rules (age and
// clock skew, symbol, 0 < volume <= max volume, price > 0), then the sequence number is committed. A packet
// that fails any step does not use up its sequence number. Call Init once before Accept.
class CTradeSealReplayGuard : public CTradeSealObject
  {
private:
   long              m_verifier;

public:
                     CTradeSealReplayGuard() : m_verifier(0) {}
                    ~CTradeSealReplayGuard() { tseal_signal_verifier_free(m_verifier); }

   // `max_volume` as decimal text ("10.00"); `window`: how many sequence numbers back out-of-order delivery is
   // still accepted (a power of two, 64 to 65536).
   bool              Init(const ulong max_age_ms, const ulong max_future_ms, const string max_volume,
                          const ulong window)
     {
      uchar text[];
      long units;
      uchar decimals;
      return Check(TradeSealUtf8(max_volume, text)) &&
             Check(tseal_decimal_parse(text, ArraySize(text), units, decimals)) &&
             Check(tseal_signal_verifier_new(max_age_ms, max_future_ms, units, decimals, window,
                                             tseal_default_max_gap_age_ms(), tseal_default_max_missing(),
                                             (long)tseal_default_max_streams(), m_verifier));
     }

   // The packet's fields when every step passed; otherwise Status() is the first failure (TSEAL_REPLAYED,
   // TSEAL_TOO_OLD, TSEAL_INVALID_SIGNATURE, TSEAL_UNKNOWN_KEY, TSEAL_STALE, TSEAL_FROM_FUTURE, ...).
   bool              Accept(const CTradeSealKeyring &keys, const uchar &packet[], const ulong now_ms,
                            TradeSealSignal &signal)
     {
      uint key_id;
      uchar id[64], symbol[64];
      ulong id_len = 64, symbol_len = 64;
      if(!Check(tseal_signal_verifier_verify(m_verifier, keys.Handle(), packet, ArraySize(packet), now_ms,
                                             key_id, id, id_len, signal.sequence, signal.generated_at_ms,
                                             symbol, symbol_len, signal.order_type, signal.volume_units,
                                             signal.volume_decimals, signal.price_units, signal.price_decimals)))
         return false;
      TradeSealSetText(signal, id, id_len, symbol, symbol_len);
      return true;
     }
  };

//--- Encryption ----------------------------------------------------------

#define TSEAL_AEAD_AES_256_GCM        1
#define TSEAL_AEAD_CHACHA20_POLY1305  2
#define TSEAL_AEAD_XCHACHA20_POLY1305 3

// Authenticated encryption into envelopes (version, algorithm, key id, nonce, ciphertext, tag). The DLL makes
// every nonce, so none repeats. Seals with the primary key, opens with whichever key an envelope names.
class CTradeSealSealer : public CTradeSealObject
  {
private:
   long              m_ring;

public:
                     CTradeSealSealer() : m_ring(0) { Check(tseal_sealing_keyring_new(m_ring)); }
                    ~CTradeSealSealer() { tseal_sealing_keyring_free(m_ring); }

   // Adds a 32-byte key (64 hex characters) for `algorithm` (TSEAL_AEAD_*); `primary` also makes it the
   // sealing key.
   bool              AddKey(const uint key_id, const uchar algorithm, const string key_hex, const bool primary)
     {
      uchar key[];
      if(!Check(TradeSealFromHex(key_hex, key)))
         return false;
      bool ok = Check(tseal_sealing_keyring_insert(m_ring, key_id, algorithm, key, ArraySize(key)));
      ArrayFill(key, 0, ArraySize(key), 0);
      return ok && (!primary || Check(tseal_sealing_keyring_promote(m_ring, key_id)));
     }
   bool              Retire(const uint key_id) { return Check(tseal_sealing_keyring_retire(m_ring, key_id)); }

   // `plaintext` sealed into `envelope`; `aad` (at most tseal_envelope_max_aad_bytes()) is authenticated, not
   // encrypted, and must be given again to Open.
   bool              Seal(const uchar &plaintext[], const uchar &aad[], uchar &envelope[])
     {
      ulong len = ArraySize(plaintext) + tseal_aead_max_nonce_bytes() + tseal_aead_tag_bytes() + 6;
      ArrayResize(envelope, (int)len);
      bool ok = Check(tseal_envelope_seal(m_ring, aad, ArraySize(aad), plaintext, ArraySize(plaintext), envelope,
                                          len));
      ArrayResize(envelope, ok ? (int)len : 0);
      return ok;
     }

   // The plaintext of `envelope`; otherwise Status() is TSEAL_DECRYPT_FAILED (wrong key, aad or a changed
   // byte), TSEAL_UNKNOWN_KEY, TSEAL_TRUNCATED, ...
   bool              Open(const uchar &envelope[], const uchar &aad[], uchar &plaintext[])
     {
      ulong len = ArraySize(envelope);
      ArrayResize(plaintext, (int)len);
      bool ok = Check(tseal_envelope_open(m_ring, aad, ArraySize(aad), envelope, ArraySize(envelope), plaintext,
                                          len));
      ArrayResize(plaintext, ok ? (int)len : 0);
      return ok;
     }
  };
//+------------------------------------------------------------------+
