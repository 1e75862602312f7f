//+------------------------------------------------------------------+
//| TradeSealReceiver.mq5: copies the signals a TradeSealMaster EA   |
//| publishes, after tradeseal verified them.                        |
//|                                                                  |
//| Each packet is dropped, with the reason in the Experts log, when |
//| its signature or key is wrong, it was already accepted (replay), |
//| it is too old or from the future, its volume is too large, or    |
//| its price is too far from this terminal's quote. Only then is    |
//| the order placed (with InpExecute; otherwise it is logged).      |
//+------------------------------------------------------------------+
#property copyright "tradeseal"
#property version   "1.00"
#property description "Verifies tradeseal signals, drops replays and off-price signals, then copies the trade."

#include <Trade/Trade.mqh>
#include <TradeSeal.mqh>

input string InpSubscriptionId = "6f9619ff-8b86-d011-b42d-00c04fc964ff"; // the master's subscription UUID
input uint   InpKeyId          = 1;                                      // id of the master's key
input string InpKeyHex         = "";                                     // 64 hex characters, as on the master
input string InpChannelFile    = "tradeseal_signals.txt";                // in Common/Files
input uint   InpMaxPips        = 20;                                     // largest price distance from our quote
input uint   InpMaxAgeMs       = 60000;                                  // older signals are dropped
input uint   InpMaxFutureMs    = 5000;                                   // allowed clock skew of the master
input string InpMaxVolume      = "10.00";                                // larger volumes are dropped
input bool   InpExecute        = false;                                  // false: only log what would be copied

CTradeSealVerifier    g_keys;
CTradeSealReplayGuard g_guard;
CTrade                g_trade;
long                  g_offset = 0; // how far the channel file was read

int OnInit()
  {
   if(!g_keys.AddKey(InpKeyId, InpKeyHex, false))
     {
      PrintFormat("tradeseal: key rejected: %s", g_keys.StatusName());
      return INIT_PARAMETERS_INCORRECT;
     }
   if(!g_guard.Init(InpMaxAgeMs, InpMaxFutureMs, InpMaxVolume, 1024))
     {
      PrintFormat("tradeseal: guard settings rejected: %s", g_guard.StatusName());
      return INIT_PARAMETERS_INCORRECT;
     }
   EventSetMillisecondTimer(250);
   return INIT_SUCCEEDED;
  }

void OnDeinit(const int reason) { EventKillTimer(); }

// A pip is 10 points on 3- and 5-digit quotes, 1 point otherwise.
double PipSize(const string symbol)
  {
   int digits = (int)SymbolInfoInteger(symbol, SYMBOL_DIGITS);
   return SymbolInfoDouble(symbol, SYMBOL_POINT) * ((digits == 3 || digits == 5) ? 10 : 1);
  }

void Handle(const string line)
  {
   uchar packet[];
   TradeSealSignal signal;
   ulong now_ms = (ulong)TimeGMT() * 1000;
   int status = TradeSealFromHex(line, packet);
   if(status != TSEAL_OK || !g_guard.Accept(g_keys, packet, now_ms, signal))
     {
      PrintFormat("tradeseal: dropped a packet: %s",
                  TradeSealStatusName(status != TSEAL_OK ? status : g_guard.Status()));
      return;
     }
   if(signal.subscription_id != InpSubscriptionId)
     {
      PrintFormat("tradeseal: dropped signal %I64u of subscription %s", signal.sequence, signal.subscription_id);
      return;
     }
   bool buy = signal.order_type == ORDER_TYPE_BUY;
   double quote = SymbolInfoDouble(signal.symbol, buy ? SYMBOL_ASK : SYMBOL_BID);
   status = TradeSealCheckPrice(signal, quote, (uchar)SymbolInfoInteger(signal.symbol, SYMBOL_DIGITS), InpMaxPips,
                                PipSize(signal.symbol));
   if(status != TSEAL_OK)
     {
      PrintFormat("tradeseal: dropped signal %I64u: %s (price %.5f, quote %.5f)", signal.sequence,
                  TradeSealStatusName(status), signal.Price(), quote);
      return;
     }
   PrintFormat("tradeseal: signal %I64u verified: %s %.2f %s @ %.5f", signal.sequence,
               EnumToString((ENUM_ORDER_TYPE)signal.order_type), signal.Volume(), signal.symbol, signal.Price());
   if(InpExecute && (buy ? !g_trade.Buy(signal.Volume(), signal.symbol) : !g_trade.Sell(signal.Volume(), signal.symbol)))
      PrintFormat("tradeseal: order for signal %I64u failed: %u", signal.sequence, g_trade.ResultRetcode());
  }

// Reads the lines appended since the last timer tick.
void OnTimer()
  {
   int file = FileOpen(InpChannelFile, FILE_READ | FILE_TXT | FILE_ANSI | FILE_COMMON | FILE_SHARE_READ |
                       FILE_SHARE_WRITE);
   if(file == INVALID_HANDLE)
      return;
   FileSeek(file, g_offset, SEEK_SET);
   while(!FileIsEnding(file))
     {
      string line = FileReadString(file);
      if(StringLen(line) > 0)
         Handle(line);
     }
   g_offset = (long)FileTell(file);
   FileClose(file);
  }
//+------------------------------------------------------------------+
