//+------------------------------------------------------------------+
//| TradeSealMaster.mq5: signs this account's new trades as tradeseal |
//| signals and publishes them to TradeSealReceiver EAs.             |
//|                                                                  |
//| Transport: one hex-encoded signed packet per line, appended to   |
//| a file in the terminals' common data folder (Common/Files), so   |
//| terminals on one machine can copy each other. The packets are    |
//| signed, so any other transport (socket, WebRequest to the ingest |
//| server) carries them the same way.                               |
//+------------------------------------------------------------------+
#property copyright "tradeseal"
#property version   "1.00"
#property description "Signs new deals as tradeseal signals (HMAC-SHA256, key id, sequence) and publishes them."

#include <TradeSeal.mqh>

input string InpSubscriptionId = "6f9619ff-8b86-d011-b42d-00c04fc964ff"; // subscription UUID
input uint   InpKeyId          = 1;                                      // id of the signing key
input string InpKeyHex         = "";                                     // 64 hex characters, shared with the receivers
input string InpChannelFile    = "tradeseal_signals.txt";                // in Common/Files

CTradeSealSigner g_signer;

// The sequence must grow across restarts (receivers drop numbers they have seen): it is kept in a terminal
// global variable (a double, exact up to 2^53).
string SequenceVariable() { return "tradeseal.seq." + InpSubscriptionId; }

ulong NextSequence()
  {
   ulong seq = (ulong)GlobalVariableGet(SequenceVariable()) + 1;
   GlobalVariableSet(SequenceVariable(), (double)seq);
   GlobalVariablesFlush();
   return seq;
  }

int OnInit()
  {
   if(!g_signer.AddKey(InpKeyId, InpKeyHex, true))
     {
      PrintFormat("tradeseal: signing key rejected: %s", g_signer.StatusName());
      return INIT_PARAMETERS_INCORRECT;
     }
   PrintFormat("tradeseal %s: signing subscription %s with key %u", TradeSealVersion(), InpSubscriptionId, InpKeyId);
   return INIT_SUCCEEDED;
  }

bool Publish(const uchar &packet[])
  {
   int file = FileOpen(InpChannelFile, FILE_READ | FILE_WRITE | FILE_TXT | FILE_ANSI | FILE_COMMON |
                       FILE_SHARE_READ | FILE_SHARE_WRITE);
   if(file == INVALID_HANDLE)
      return false;
   FileSeek(file, 0, SEEK_END);
   FileWriteString(file, TradeSealToHex(packet) + "\n");
   FileClose(file);
   return true;
  }

// Every deal that opens a position becomes a signal.
void OnTradeTransaction(const MqlTradeTransaction &trans, const MqlTradeRequest &request, const MqlTradeResult &result)
  {
   if(trans.type != TRADE_TRANSACTION_DEAL_ADD || !HistoryDealSelect(trans.deal))
      return;
   if(HistoryDealGetInteger(trans.deal, DEAL_ENTRY) != DEAL_ENTRY_IN)
      return;
   long deal_type = HistoryDealGetInteger(trans.deal, DEAL_TYPE);
   if(deal_type != DEAL_TYPE_BUY && deal_type != DEAL_TYPE_SELL)
      return;

   string symbol = HistoryDealGetString(trans.deal, DEAL_SYMBOL);
   TradeSealSignal signal;
   signal.subscription_id = InpSubscriptionId;
   signal.sequence        = NextSequence();
   signal.generated_at_ms = (ulong)TimeGMT() * 1000;
   signal.symbol          = symbol;
   signal.order_type      = (uchar)(deal_type == DEAL_TYPE_BUY ? ORDER_TYPE_BUY : ORDER_TYPE_SELL);
   uchar packet[];
   if(signal.SetVolume(HistoryDealGetDouble(trans.deal, DEAL_VOLUME), 2) != TSEAL_OK ||
      signal.SetPrice(HistoryDealGetDouble(trans.deal, DEAL_PRICE),
                      (uchar)SymbolInfoInteger(symbol, SYMBOL_DIGITS)) != TSEAL_OK ||
      !g_signer.SignSignal(signal, packet))
     {
      PrintFormat("tradeseal: deal %I64u not signed: %s", trans.deal, TradeSealLastError());
      return;
     }
   if(!Publish(packet))
      PrintFormat("tradeseal: cannot write %s (error %d)", InpChannelFile, GetLastError());
   else
      PrintFormat("tradeseal: published signal %I64u (%s %s, key %u)", signal.sequence, symbol,
                  EnumToString((ENUM_ORDER_TYPE)signal.order_type), InpKeyId);
  }
//+------------------------------------------------------------------+
